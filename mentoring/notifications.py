"""The notification kinds of mentoring (autodiscovered by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, Kind, register

register(
    Kind(
        "mentoring_request",
        _("Mentoring requests"),
        default=Delivery.EMAIL,
        help_text=_("When a member asks you for mentoring."),
    )
)
register(
    Kind(
        "mentoring_accepted",
        _("Accepted mentoring requests"),
        default=Delivery.EMAIL,
        help_text=_("When a mentor accepts your request."),
    )
)
register(
    Kind(
        "mentoring_note",
        _("Session notes"),
        default=Delivery.SITE,
        help_text=_("When your mentor or mentee adds a session note."),
    )
)

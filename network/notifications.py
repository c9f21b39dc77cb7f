"""The notification kinds of introductions (autodiscovered by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, Kind, register

register(
    Kind(
        "connection_request",
        _("Introduction requests"),
        default=Delivery.EMAIL,
        help_text=_("When a member asks to connect with you."),
    )
)
register(
    Kind(
        "connection_accepted",
        _("Accepted introductions"),
        default=Delivery.EMAIL,
        help_text=_("When a member accepts your request to connect."),
    )
)
register(
    Kind(
        "message",
        _("Messages"),
        default=Delivery.EMAIL,
        help_text=_(
            "When a connection writes to you (at most one email an hour per conversation)."
        ),
    )
)

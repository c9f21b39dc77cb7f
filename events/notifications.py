"""The notification kinds of events (autodiscovered by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, Kind, register

register(
    Kind(
        "event_reminder",
        _("Event reminders"),
        default=Delivery.EMAIL,
        help_text=_("A day before an event you are going to."),
    )
)
register(
    Kind(
        "event_changed",
        _("Event changes"),
        default=Delivery.EMAIL,
        help_text=_("When an event you are going to moves or is cancelled."),
    )
)
register(
    Kind(
        "event_waitlist",
        _("Waitlist places"),
        default=Delivery.EMAIL,
        help_text=_("When a place frees up for you at an event."),
    )
)

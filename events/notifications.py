"""The notification kinds of events (autodiscovered by the notifications app)."""

from notifications.kinds import Delivery, Kind, register

register(
    Kind("event_reminder", "Event reminders", Delivery.EMAIL,
         "A day before an event you are going to."),
    Kind("event_changed", "Event changes", Delivery.EMAIL,
         "When an event you are going to moves or is cancelled."),
    Kind("event_waitlist", "Waitlist places", Delivery.EMAIL,
         "When a place frees up for you at an event."),
)  # fmt: skip

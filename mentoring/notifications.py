"""The notification kinds of mentoring (autodiscovered by the notifications app)."""

from notifications.kinds import Delivery, Kind, register

register(
    Kind("mentoring_request", "Mentoring requests", Delivery.EMAIL,
         "When a member asks you for mentoring."),
    Kind("mentoring_accepted", "Accepted mentoring requests", Delivery.EMAIL,
         "When a mentor accepts your request."),
    Kind("mentoring_note", "Session notes", Delivery.SITE,
         "When your mentor or mentee adds a session note."),
)  # fmt: skip

"""The notification kinds of introductions (autodiscovered by the notifications app)."""

from notifications.kinds import Delivery, Kind, register

register(
    Kind("connection_request", "Introduction requests", Delivery.EMAIL,
         "When a member asks to connect with you."),
    Kind("connection_accepted", "Accepted introductions", Delivery.EMAIL,
         "When a member accepts your request to connect."),
    Kind("message", "Messages", Delivery.EMAIL,
         "When a connection writes to you (at most one email an hour per conversation)."),
)  # fmt: skip

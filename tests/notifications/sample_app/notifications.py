from notifications.kinds import Delivery, Kind, register

register(Kind("sample_digest", "A sample digest", default=Delivery.OFF))

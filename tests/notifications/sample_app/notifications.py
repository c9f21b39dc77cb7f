from notifications.kinds import Delivery, Kind, register

TEST_KIND = Kind(
    "test_news", "News from the test suite", default=Delivery.EMAIL, help_text="Only in tests."
)
QUIET_KIND = Kind("test_quiet", "Quiet test notices")  # default: in the site only

register(TEST_KIND, QUIET_KIND, Kind("sample_digest", "A sample digest", default=Delivery.OFF))

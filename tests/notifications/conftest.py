"""A kind of notification that exists only in tests (the feature apps register the real ones)."""

import pytest

from notifications import kinds
from notifications.kinds import Delivery, Kind

TEST_KIND = Kind(
    "test_news", "News from the test suite", default=Delivery.EMAIL, help_text="Only in tests."
)
QUIET_KIND = Kind("test_quiet", "Quiet test notices")  # default: in the site only


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch):
    """Exactly these two kinds, whatever the installed apps register, restored afterwards."""
    monkeypatch.setattr(kinds, "_registry", {TEST_KIND.key: TEST_KIND, QUIET_KIND.key: QUIET_KIND})
    return TEST_KIND

"""Kinds of notification that exist only in tests, beside the ones the feature apps register:
tests/notifications/sample_app, installed by tests/settings.py."""

from tests.notifications.sample_app.notifications import QUIET_KIND, TEST_KIND

__all__ = ["QUIET_KIND", "TEST_KIND"]

"""A feature app that exists only in tests (tests/settings.py installs it): its kinds are found in
its `notifications.py`, as a real app's are."""

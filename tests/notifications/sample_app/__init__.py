"""A feature app that exists only in tests, to show kinds are found in `<app>/notifications.py`."""

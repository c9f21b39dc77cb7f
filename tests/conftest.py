"""Fixtures shared by the whole suite."""

import threading

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a throwaway folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": "/media-not-served/"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "resources", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached counts, pages and rate-limit counters must not leak from one test into the next."""
    from django.core.cache import caches

    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def database_down(django_db_blocker):
    """Point the connection at a closed port: a real failed connection, not a mock."""
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT")}
    with django_db_blocker.unblock():
        connection.close()
        settings_dict.update(HOST="127.0.0.1", PORT="1")
        try:
            yield
        finally:
            connection.close()
            settings_dict.update(saved)


@pytest.fixture(autouse=True)
def _request_commit_runs_on_commit_callbacks():
    """A request's transaction commits in production, and then its `on_commit` work runs (mail,
    tasks). Under the `db` fixture the whole test is one transaction that never commits, so run
    what a request left for after commit when that request finishes, as Django's
    `captureOnCommitCallbacks(execute=True)` would, and drop it (it must not run twice).
    Transactional tests commit for real and leave nothing here."""
    from django.core.signals import request_finished, request_started
    from django.db import connection

    state = threading.local()

    def started(**kwargs):
        state.start = len(connection.run_on_commit)

    def finished(**kwargs):
        start = getattr(state, "start", None)
        while start is not None and len(connection.run_on_commit) > start:
            _, callback, _robust = connection.run_on_commit.pop(start)
            callback()  # robust or not: a failing callback must fail the test

    request_started.connect(started, dispatch_uid="tests_on_commit_started")
    request_finished.connect(finished, dispatch_uid="tests_on_commit_finished")
    yield
    request_started.disconnect(dispatch_uid="tests_on_commit_started")
    request_finished.disconnect(dispatch_uid="tests_on_commit_finished")

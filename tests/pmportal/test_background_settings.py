"""Production settings for the database and the task queue, read in a fresh process."""

import json

from tests.pmportal.test_production import PRODUCTION_ENV, run_python

SHOW = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.TASKS, "
    "s.INSTALLED_APPS, getattr(s, 'RQ_QUEUES', None)]))"
)


def settings_with(**env: str) -> list:
    result = run_python(SHOW, **PRODUCTION_ENV, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_django_postgresql_backend_with_health_checks_and_the_database_queue():
    engine, max_age, health_checks, tasks, apps, rq_queues = settings_with()
    # A restarted PostgreSQL costs no failed request: Django checks a kept connection first.
    assert (engine, max_age, health_checks) == ("django.db.backends.postgresql", 600, True)
    assert tasks == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert {"django_tasks_db", "crontask", "outbox"} <= set(apps)
    assert rq_queues is None


def test_the_queue_moves_to_redis_without_a_code_change():
    *_, tasks, apps, rq_queues = settings_with(
        TASKS_BACKEND="django_tasks_rq.RQBackend", TASKS_REDIS_URL="redis://queue.internal:6379/1"
    )
    assert tasks == {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    assert {"django_rq", "django_tasks_rq"} <= set(apps)
    assert rq_queues == {"default": {"URL": "redis://queue.internal:6379/1"}}

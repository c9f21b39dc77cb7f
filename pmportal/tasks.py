"""Site-wide periodic upkeep, enqueued by the scheduler (`manage.py crontask`)."""

from crontask import cron
from django.conf import settings
from django.core.management import call_command
from django.tasks import task

# Finished task rows stay this long for the admin ("Task results"), then go.
KEEP_TASK_RESULTS_DAYS = 14


@cron("20 3 * * *")
@task
def prune_task_results() -> None:
    """Delete finished rows of the database queue (other backends keep their own results)."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command(
            "prune_db_task_results", f"--min-age-days={KEEP_TASK_RESULTS_DAYS}", "--queue-name=*"
        )

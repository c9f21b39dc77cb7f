"""`manage.py refresh_dashboard`: recompute the dashboard's preset periods now, in this process.

The same work as the `insights.tasks.refresh_dashboard` task the worker runs on a schedule.
"""

from django.core.management.base import BaseCommand

from insights.tasks import refresh_dashboard


class Command(BaseCommand):
    help = "Recompute the owner dashboard's figures for the last 7, 30 and 90 days."

    def handle(self, *args, **options) -> None:
        for days, seconds in refresh_dashboard.call():
            self.stdout.write(f"last {days} days: {seconds:.1f} s")

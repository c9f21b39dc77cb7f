"""`manage.py refresh_dashboard`: what the scheduled task does, now, in this process."""

from django.core.management.base import BaseCommand

from insights.tasks import refresh_dashboard


class Command(BaseCommand):
    help = "Recompute the owner dashboard's figures for the last 7, 30 and 90 days."

    def handle(self, *args, **options) -> None:
        for days, seconds in refresh_dashboard.call():
            self.stdout.write(f"last {days} days: {seconds:.1f} s")

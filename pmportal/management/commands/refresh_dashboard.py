"""`manage.py refresh_dashboard`: recompute the dashboard's preset periods (run every 5 minutes).

The owner's dashboard then answers from the shared cache instead of aggregating millions of
events per request (pmportal/insights.py).
"""

import time

from django.core.management.base import BaseCommand

from pmportal import insights


class Command(BaseCommand):
    help = "Recompute the owner dashboard's figures for the last 7, 30 and 90 days."

    def handle(self, *args, **options) -> None:
        for days in insights.PRESET_DAYS:
            started = time.monotonic()
            insights.snapshot(insights.Period.last_days(days), refresh=True)
            self.stdout.write(f"last {days} days: {time.monotonic() - started:.1f} s")

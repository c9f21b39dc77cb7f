"""Load the demo content of every app. Idempotent: running it twice adds nothing twice."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: resources and FAQ content may refer to demo members.
DEMO_APPS = ["members", "faq", "resources", "events", "community"]


class Command(BaseCommand):
    help = "Load PM Portal's demo content (each app's `demo.load()`); safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        for app in DEMO_APPS:
            with transaction.atomic():
                summary = import_module(f"{app}.demo").load()
            self.stdout.write(f"[demo] {app}: {summary}")
        self.stdout.write(self.style.SUCCESS("[demo] demo content is in place"))

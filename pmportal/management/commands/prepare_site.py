"""`manage.py prepare_site`: migrate, cache table and demo content in one process (a second
`make run` serves within seconds)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, create the database cache table and load the demo content (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo content.")

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not options["no_demo"]:
            call_command("load_demo", stdout=self.stdout)

"""`manage.py seed_members --count N`: synthetic members for development and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.seeding import DEFAULT_SEED, members_delete_synthetic, members_seed, progress_bar


class Command(BaseCommand):
    help = (
        "Make sure N synthetic members exist (realistic names, companies, cities, skills, bios; "
        "about 80%% listed). Idempotent: only adds what is missing. --delete removes only "
        "synthetic members."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000, help="Synthetic members wanted.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--delete", action="store_true", help="Delete every synthetic member instead."
        )

    def handle(self, *args, count: int, seed: int, delete: bool, **options) -> None:
        started = time.monotonic()
        if delete:
            removed = members_delete_synthetic(progress=progress_bar(self.stdout, "deleting"))
            self.stdout.write(self.style.SUCCESS(f"Deleted {removed:,} synthetic members."))
            return
        if count < 0:
            raise CommandError("--count must be zero or more.", returncode=2)
        added = members_seed(count=count, seed=seed, progress=progress_bar(self.stdout, "seeding"))
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {added:,} synthetic members (now {count:,} or more) in {elapsed:.1f} s."
            )
        )

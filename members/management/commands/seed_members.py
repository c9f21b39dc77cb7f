"""`manage.py seed_members --count N`: synthetic members for development and benchmarks."""

import sys
import time

from django.core.management.base import BaseCommand, CommandParser

from members.seeding import DEFAULT_SEED, members_delete_synthetic, members_seed


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
            removed = members_delete_synthetic(
                progress=progress_bar(self.stdout, started, "deleting")
            )
            self.stdout.write(self.style.SUCCESS(f"Deleted {removed:,} synthetic members."))
            return
        if count < 0:
            self.stderr.write("--count must be zero or more.")
            sys.exit(2)
        added = members_seed(
            count=count, seed=seed, progress=progress_bar(self.stdout, started, "seeding")
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {added:,} synthetic members (now {count:,} or more) in {elapsed:.1f} s."
            )
        )


def progress_bar(stdout, started: float, verb: str):
    """A one-line text progress bar, redrawn in place on a terminal: `report(done, total)`."""
    width = 30
    end = "\r" if stdout.isatty() else "\n"

    def report(done: int, total: int) -> None:
        share = done / total if total else 1.0
        bar = "#" * int(share * width)
        elapsed = time.monotonic() - started
        stdout.write(
            f"{verb} [{bar:<{width}}] {share:6.1%} {done:,}/{total:,} {elapsed:6.1f} s",
            ending=end if done < total else "\n",
        )
        stdout.flush()

    return report

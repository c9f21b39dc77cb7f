"""`manage.py restore FOLDER`: put a backup back into the configured database and folders."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pmportal.backups import MANIFEST, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the database's contents)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options) -> None:
        source = Path(options["folder"])
        if not (source / MANIFEST).exists():
            raise CommandError(f"{source} is not a backup folder (no {MANIFEST}).")
        if not options["yes"]:
            answer = input("This replaces the database's contents and private files. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        result = backup_restore(source=source)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(result.rows.values()):,} rows and {result.files} files from "
                f"{source} in {result.seconds:.1f} s (the RTO at this size); "
                "row counts and checksums match."
            )
        )

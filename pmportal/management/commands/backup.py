"""`manage.py backup [--to backups/]`: dump the database and copy private files (make backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from pmportal.backups import backup_create


class Command(BaseCommand):
    help = "Write a consistent backup (pg_dump custom format + private files + manifest)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--to", default="backups", help="Parent folder for the backup.")

    def handle(self, *args, **options) -> None:
        result = backup_create(destination=Path(options["to"]))
        rows = sum(result.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.folder}: {rows:,} rows in {len(result.rows)} tables, "
                f"{result.files} files, {result.seconds:.1f} s. "
                f"RPO: the moment the backup started (pg_dump snapshot)."
            )
        )

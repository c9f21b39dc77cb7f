"""File storage that never leaves half a file behind."""

import contextlib
import functools
import os
import tempfile

from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from whitenoise.storage import CompressedManifestStaticFilesStorage


class AtomicFileSystemStorage(FileSystemStorage):
    """Each upload goes to a temporary file, linked into place in one step (never overwriting):
    on an error (a full disk) no row points at a missing or cut file."""

    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")


def delete_after_commit(storage: Storage, name: str) -> None:
    """Remove a replaced or orphaned file once the transaction commits; a rollback keeps it."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed, compressed files, each URL worked out once a process (the manifest
    cannot change while it serves; `{% static %}` cost ~50 us a use, five a page)."""

    @functools.cache  # noqa: B019 (one storage object per process, kept for its whole life)
    def url(self, name: str | None, force: bool = False) -> str:
        return super().url(name, force)

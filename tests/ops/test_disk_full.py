"""A full disk while an upload is stored: a clear error, no partial file, no row pointing at a
missing file, and the rest of the site keeps serving.

The disk is made full for real: the storage's temporary file is opened on /dev/full, where the
kernel answers every write with ENOSPC.
"""

import errno
import os
import tempfile
import types

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from pmportal import storage as atomic_storage
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"new edition " * 20000 + b"\n%%EOF\n"  # about 240 KB, several chunks


@pytest.fixture
def private_storage(settings, tmp_path):
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "pmportal.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def disk_full(monkeypatch):
    """Every temporary upload file the storage opens is /dev/full."""

    def mkstemp(**kwargs):
        descriptor, path = tempfile.mkstemp(**kwargs)  # the placeholder a real write leaves
        os.close(descriptor)
        return os.open("/dev/full", os.O_WRONLY), path

    monkeypatch.setattr(atomic_storage, "tempfile", types.SimpleNamespace(mkstemp=mkstemp))


def files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_the_storage_removes_the_partial_file_and_raises_enospc(private_storage, disk_full):
    from django.core.files.storage import storages

    with pytest.raises(OSError) as raised:
        storages["private"].save("files/upload.pdf", ContentFile(PDF))
    assert raised.value.errno == errno.ENOSPC
    assert files_under(private_storage) == []


def test_the_storage_writes_whole_files_and_never_overwrites(private_storage):
    from django.core.files.storage import storages

    first = storages["private"].save("files/upload.pdf", ContentFile(PDF))
    second = storages["private"].save("files/upload.pdf", ContentFile(b"%PDF-1.4 other"))
    assert first != second
    assert (private_storage / first).read_bytes() == PDF
    assert files_under(private_storage) == sorted([first, second])  # no .part left behind


@pytest.mark.urls("tests.ops.urls")
def test_an_editor_uploading_to_a_full_disk_gets_a_clear_page_and_nothing_changes(
    client, private_storage, disk_full
):
    resource = ResourceFactory(slug="guide", file=None)
    old_name = "files/old.pdf"
    (private_storage / "files").mkdir(parents=True)
    (private_storage / old_name).write_bytes(b"%PDF-1.4 the old edition")
    Resource.objects.filter(pk=resource.pk).update(file=old_name)

    response = client.post(
        "/ops-upload/guide/",
        {"file": SimpleUploadedFile("new.pdf", PDF, content_type="application/pdf")},
    )

    assert response.status_code == 507
    page = response.content.decode()
    assert "Your upload was not saved: the server's storage is full" in page
    assert "Nothing was changed" in page
    assert response["Cache-Control"] == "no-store"
    assert_valid_html({"storage full": page})
    # The row still points at the old file, which is still whole; nothing else was written.
    resource.refresh_from_db()
    assert resource.file.name == old_name
    assert files_under(private_storage) == [old_name]
    assert (private_storage / old_name).read_bytes() == b"%PDF-1.4 the old edition"
    # The rest of the site keeps serving.
    assert client.get("/faq/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_production_settings_use_the_atomic_storage():
    from pmportal import settings as production

    assert production.STORAGES["private"]["BACKEND"] == "pmportal.storage.AtomicFileSystemStorage"
    assert "pmportal.operations.StorageFullMiddleware" in production.MIDDLEWARE

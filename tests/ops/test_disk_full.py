"""A full disk while an upload is stored: a clear error, no partial file, no row pointing at a
missing file, and the rest of the site keeps serving.

The disk is full for real: a 2 MB ext2 filesystem in a file, mounted through a loop device and
filled up to its last 128 KB, so the kernel answers the upload's writes with ENOSPC. Mounting
needs root (as the suite runs here and in CI); elsewhere these tests skip and say why.
"""

import errno
import os
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from resources.models import Resource
from tests.factories import ResourceFactory
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"new edition " * 20000 + b"\n%%EOF\n"  # about 240 KB, several chunks
ROOM_LEFT = 128 * 1024  # less than the upload: the disk fills up in the middle of it


def use_atomic_storage(settings, location) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "pmportal.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }


@pytest.fixture
def private_storage(settings, tmp_path):
    location = tmp_path / "private"
    use_atomic_storage(settings, location)
    return location


@pytest.fixture
def small_disk(settings, tmp_path):
    """The private storage on a real 2 MB filesystem of its own; `fill_up(disk)` fills it."""
    image, disk = tmp_path / "disk.img", tmp_path / "disk"
    disk.mkdir()
    with image.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    subprocess.run(["mkfs.ext2", "-q", "-m", "0", str(image)], check=True, capture_output=True)
    mounted = subprocess.run(
        ["mount", "-o", "loop", str(image), str(disk)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a loop filesystem here: {mounted.stderr.strip()}")
    try:
        use_atomic_storage(settings, disk / "private")
        (disk / "private").mkdir()
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True, capture_output=True)


def fill_up(disk) -> None:
    """Take all the free space but ROOM_LEFT, in a file outside the storage's folder."""
    stats = os.statvfs(disk)
    with (disk / "filler").open("wb") as handle:
        handle.write(bytes(stats.f_bfree * stats.f_frsize - ROOM_LEFT))
        os.fsync(handle.fileno())


def files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_the_storage_removes_the_partial_file_and_raises_enospc(small_disk):
    from django.core.files.storage import storages

    (small_disk / "private" / "files").mkdir()
    fill_up(small_disk)
    with pytest.raises(OSError) as raised:
        storages["private"].save("files/upload.pdf", ContentFile(PDF))
    assert raised.value.errno == errno.ENOSPC
    assert files_under(small_disk / "private") == []


def test_the_storage_writes_whole_files_and_never_overwrites(private_storage):
    from django.core.files.storage import storages

    first = storages["private"].save("files/upload.pdf", ContentFile(PDF))
    second = storages["private"].save("files/upload.pdf", ContentFile(b"%PDF-1.4 other"))
    assert first != second
    assert (private_storage / first).read_bytes() == PDF
    assert files_under(private_storage) == sorted([first, second])  # no .part left behind


@pytest.mark.urls("tests.ops.urls")
def test_an_editor_uploading_to_a_full_disk_gets_a_clear_page_and_nothing_changes(
    client, small_disk
):
    private_storage = small_disk / "private"
    resource = ResourceFactory(slug="guide", file=None)
    old_name = "files/old.pdf"
    (private_storage / "files").mkdir(parents=True)
    (private_storage / old_name).write_bytes(b"%PDF-1.4 the old edition")
    Resource.objects.filter(pk=resource.pk).update(file=old_name)
    fill_up(small_disk)

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

"""Files: traversal never reaches a file, downloads are attachments with safe names and types,
and a bad upload is refused before anything is written to storage."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ResourceFactory
from tests.members.test_profile import VALID
from tests.resources.test_admin import ADD_URL, form_data, png_bytes, upload

pytestmark = pytest.mark.django_db

TRAVERSAL = [
    "..",
    "../..",
    "..%2F..%2Fsettings.py",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "....//....//etc/passwd",
    "..%5c..%5cwindows%5cwin.ini",
    "%252e%252e%252fetc%252fpasswd",
    "..%c0%af..%c0%afetc%c0%afpasswd",
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "etc/passwd%00.pdf",
    "..;/..;/etc/passwd",
    "resources/files/../../../pmportal/settings.py",
]
ALLOWED_DOWNLOAD_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "audio/mpeg",
    "audio/mp4",
    "audio/wav",
    "audio/x-wav",
}


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return (
        [Path(d) / f for d, _dirs, files in os.walk(root) for f in files] if root.exists() else []
    )


@pytest.mark.parametrize("payload", TRAVERSAL)
def test_traversal_on_downloads_covers_photos_and_static_is_not_found(world, payload):
    client = world.client("member")
    for url in (
        f"/resources/{payload}/download/",
        f"/resources/{payload}/cover/",
        f"/resources/members-guide/download/{payload}",
        f"/members/{payload}/photo/",
        f"/static/{payload}",
        f"/static/css/{payload}",
        f"/media-not-served/{payload}",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in {301, 404}, (url, response.status_code)
        assert b"SECRET_KEY" not in body and b"root:" not in body


def test_a_download_is_an_attachment_with_a_safe_name_and_type(world):
    resource = ResourceFactory(
        slug="odd-name", title='Evil"; filename=../../x.html\r\nX-Injected: 1 <script>'
    )
    response = world.client("member").get(f"/resources/{resource.slug}/download/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    filename = disposition.split("filename=", 1)[1].strip('"')
    assert filename.endswith(".pdf")
    assert all(ch.isalnum() or ch in "-." for ch in filename), filename
    assert response["Content-Type"] in ALLOWED_DOWNLOAD_TYPES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Injected" not in response.headers


BAD_RESOURCE_UPLOADS = [
    ("infographic", "chart.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),
    ("infographic", "chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("infographic", "chart.png", b"%PDF-1.4\n" + b"0" * 200),
    ("ebook", "book.pdf", png_bytes()),
    ("ebook", "book.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("ebook", "book.html", b"<html><body onload=alert(1)></body></html>"),
]  # fmt: skip


@pytest.fixture
def staff_client(world):
    return world.client("staff")


@pytest.mark.parametrize(("kind", "name", "content"), BAD_RESOURCE_UPLOADS)
def test_bad_resource_uploads_are_refused_before_storage(staff_client, kind, name, content):
    before = stored_files()
    response = staff_client.post(
        ADD_URL, {**form_data(kind=kind), "file": upload(name, content, "image/png")}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["adminform"].form.errors
    assert stored_files() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cover.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"),
        ("cover.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("cover.png", b"GIF89a" + b"\x00" * 40),
    ],
)
def test_bad_covers_are_refused_before_storage(staff_client, name, content):
    before = stored_files()
    response = staff_client.post(
        ADD_URL, {**form_data(), "cover": upload(name, content, "image/png")}
    )
    assert response.status_code == 200
    assert stored_files() == before


def test_an_oversized_upload_is_refused_before_storage(staff_client, settings):
    settings.RESOURCES_MAX_UPLOAD_MB = {**settings.RESOURCES_MAX_UPLOAD_MB, "ebook": 1}
    before = stored_files()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = staff_client.post(ADD_URL, {**form_data(), "file": upload("big.pdf", big)})
    assert response.status_code == 200
    assert stored_files() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("me.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"),
        ("me.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("me.png", b"%PDF-1.4\n" + b"0" * 100),
        ("me.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1)),
    ],
)
def test_bad_photos_are_refused_before_storage(world, name, content):
    before = stored_files()
    response = world.client("member").post(
        "/members/me/", {**VALID, "avatar": SimpleUploadedFile(name, content, "image/png")}
    )
    assert response.status_code == 400
    assert stored_files() == before

"""What a download response looks like: streaming, headers, Range, and the three modes."""

import os
import tracemalloc
import uuid
from pathlib import Path

import pytest
from django.http import FileResponse

from resources.models import Resource
from resources.serving import BLOCK_SIZE
from tests.factories import ResourceFactory
from tests.resources.conftest import client_for, consume

pytestmark = pytest.mark.django_db


def test_download_headers(member, ebook):
    response = client_for(member).get(ebook.get_download_url())
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(ebook.file.size)
    assert response["Content-Disposition"] == 'attachment; filename="members-ebook.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Accept-Ranges"] == "bytes"
    body = consume(response)
    assert body.startswith(b"%PDF") and len(body) == ebook.file.size


def test_filename_is_built_from_the_title_not_the_upload(member):
    resource = ResourceFactory(title='Évil "name"; filename=../../x.sh', slug="evil")
    response = client_for(member).get(resource.get_download_url())
    assert response["Content-Disposition"] == 'attachment; filename="evil-name-filenamexsh.pdf"'
    consume(response)


def big_resource(size: int) -> Resource:
    """A resource whose file is written straight to storage (no 50 MB in memory here)."""
    resource = ResourceFactory(slug="big-file", file=None, content_type="audio/wav")
    name = f"files/{uuid.uuid4().hex}/podcast.wav"
    path = resource.file.storage.path(name)
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as handle:
        handle.truncate(size)  # sparse: instant, reads back as zeros
    Resource.objects.filter(pk=resource.pk).update(file=name, kind="podcast")
    resource.refresh_from_db()
    return resource


def test_a_50_mb_file_streams_with_bounded_memory(member):
    size = 50 * 1024 * 1024
    resource = big_resource(size)
    client = client_for(member)
    tracemalloc.start()
    try:
        response = client.get(resource.get_download_url())
        assert isinstance(response, FileResponse)
        assert response.streaming
        assert response["Content-Length"] == str(size)
        total = largest = 0
        for chunk in response.streaming_content:
            total += len(chunk)
            largest = max(largest, len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size
    assert largest <= BLOCK_SIZE  # never read whole: one block at a time
    assert peak < 10 * 1024 * 1024, f"peak Python memory {peak / 1e6:.1f} MB"


@pytest.mark.parametrize(
    ("header", "status", "content_range", "length"),
    [
        ("bytes=0-99", 206, "bytes 0-99/{size}", 100),
        ("bytes=100-", 206, "bytes 100-{last}/{size}", "{rest}"),
        ("bytes=-50", 206, "bytes {tail}-{last}/{size}", 50),
        ("bytes=10-999999999", 206, "bytes 10-{last}/{size}", "{from10}"),
        ("bytes=999999999-", 416, "bytes */{size}", None),
        ("bytes=-0", 416, "bytes */{size}", None),
        ("bytes=0-1,5-9", 200, None, "{size}"),
        ("bytes=9-2", 200, None, "{size}"),
        ("items=0-10", 200, None, "{size}"),
    ],
)
def test_range_requests(member, ebook, header, status, content_range, length):
    size = ebook.file.size
    values = {"size": size, "last": size - 1, "rest": size - 100, "tail": size - 50}
    values["from10"] = size - 10
    response = client_for(member).get(ebook.get_download_url(), HTTP_RANGE=header)
    assert response.status_code == status
    if content_range:
        assert response["Content-Range"] == content_range.format(**values)
    body = consume(response)
    if length is not None:
        expected = int(str(length).format(**values))
        assert len(body) == expected
        assert response["Content-Length"] == str(expected)
    if status == 206:
        first = int(response["Content-Range"].split()[1].split("-")[0])
        assert body == Path(ebook.file.path).read_bytes()[first : first + len(body)]


def test_if_range_falls_back_to_the_whole_file(member, ebook):
    response = client_for(member).get(
        ebook.get_download_url(), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"'
    )
    assert response.status_code == 200
    consume(response)


def test_head_gives_headers_without_a_body(member, ebook):
    response = client_for(member).head(ebook.get_download_url())
    assert response.status_code == 200
    assert response["Content-Length"] == str(ebook.file.size)
    assert response.content == b""


def test_x_accel_mode_lets_nginx_send_the_bytes(settings, member, ebook):
    settings.RESOURCES_DOWNLOAD_MODE = "x-accel"
    settings.RESOURCES_X_ACCEL_PREFIX = "/protected-resources/"
    response = client_for(member).get(ebook.get_download_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-resources/{ebook.file.name}"
    assert response["Content-Disposition"] == 'attachment; filename="members-ebook.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("private")
    assert response.content == b""
    # The check comes first: a visitor still goes to sign-up, with no X-Accel header.
    visitor = client_for().get(ebook.get_download_url())
    assert visitor.status_code == 302
    assert "X-Accel-Redirect" not in visitor


@pytest.fixture
def s3_storage(settings):
    """django-storages' S3 backend with dummy credentials: signing is local, no network."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "pmportal-test",
                "region_name": "eu-west-1",
                "access_key": "AKIAEXAMPLEEXAMPLE00",
                "secret_key": "dummy-secret-key-for-local-signing-only",
                "default_acl": "private",
                "querystring_auth": True,
                "signature_version": "s3v4",
            },
        },
    }
    settings.RESOURCES_DOWNLOAD_MODE = "presigned"
    settings.RESOURCES_PRESIGNED_EXPIRY = 45


def test_presigned_mode_redirects_to_a_short_lived_signed_url(s3_storage, member, unverified):
    name = f"files/{uuid.uuid4().hex}/ebook.pdf"
    resource = ResourceFactory(slug="on-s3", title="On S3", file=None)
    Resource.objects.filter(pk=resource.pk).update(file=name)
    response = client_for(member).get(resource.get_download_url())
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(f"https://pmportal-test.s3.amazonaws.com/{name}?") or url.startswith(
        f"https://pmportal-test.s3.eu-west-1.amazonaws.com/{name}?"
    )
    assert "X-Amz-Expires=45" in url
    assert "X-Amz-Signature=" in url
    assert "response-content-disposition=attachment" in url
    assert "on-s3.pdf" in url
    assert response["Cache-Control"] == "private, no-store"
    # Same check before any URL is signed.
    denied = client_for(unverified).get(resource.get_download_url())
    assert denied.status_code == 403
    assert "amazonaws" not in denied.content.decode()


def test_settings_refuse_an_unknown_mode():
    import subprocess
    import sys

    env = {
        **os.environ,
        "RESOURCES_DOWNLOAD_MODE": "ftp",
        "DJANGO_SETTINGS_MODULE": "pmportal.settings",
        "DJANGO_DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "RESOURCES_DOWNLOAD_MODE must be stream, x-accel or presigned" in result.stderr

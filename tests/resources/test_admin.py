"""Admin uploads are checked by content; replacing keeps history; deleting removes the file."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from resources.demo import infographic_png, pdf_bytes, wav_bytes
from resources.models import DownloadEvent, Resource
from tests.factories import ResourceFactory, add_totp
from tests.resources.conftest import client_for, make_member

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/resources/resource/add/"


@pytest.fixture
def admin_client(db):
    user = make_member(is_staff=True, is_superuser=True)
    add_totp(user)
    return client_for(user)


def form_data(**overrides) -> dict:
    data = {
        "kind": "ebook",
        "title": "Uploaded guide",
        "slug": "uploaded-guide",
        "summary": "A guide uploaded through the admin.",
        "body": "",
        "tags": "pricing, roadmaps",
        "authors": "",
        "status": "published",
        "access": "members",
        "published_on": "2026-01-15",
        "external_url": "",
        "episode_number": "",
        "transcript": "",
        "series": "",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should be shown again with errors"
    return str(response.context["adminform"].form.errors)


def test_a_valid_pdf_is_stored_with_its_facts(admin_client):
    pdf = pdf_bytes("Guide", [("One", "Text."), ("Two", "More text.")])
    response = admin_client.post(ADD_URL, {**form_data(), "file": upload("my guide.PDF", pdf)})
    assert response.status_code == 302, errors_of(response)
    resource = Resource.objects.get(slug="uploaded-guide")
    assert resource.content_type == "application/pdf"
    assert resource.file_size == len(pdf)
    assert resource.page_count == 3
    assert resource.file.name.startswith("files/") and resource.file.name.endswith("/ebook.pdf")
    assert "my guide" not in resource.file.name
    assert resource.tag_slugs == ["pricing", "roadmaps"]
    assert resource.cover, "a cover is drawn when none is uploaded"


def test_a_wav_episode_gets_its_duration(admin_client):
    data = form_data(kind="podcast", slug="episode")
    response = admin_client.post(ADD_URL, {**data, "file": upload("x.mp3", wav_bytes(seconds=3))})
    assert response.status_code == 302, errors_of(response)
    resource = Resource.objects.get(slug="episode")
    assert resource.content_type == "audio/wav"
    assert resource.duration_seconds == 3
    assert resource.file.name.endswith(".wav")


@pytest.mark.parametrize(
    ("kind", "filename", "content", "message"),
    [
        ("infographic", "chart.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>",
         "not a valid one"),
        ("infographic", "chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        ("infographic", "chart.png", b"<?xml version='1.0'?><svg></svg>", "SVG"),
        ("ebook", "book.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
        ("ebook", "book.pdf", b"%PDF-1.7\nnot really a pdf at all", "cannot be read as one"),
        ("ebook", "book.pdf", png_bytes(), "PNG, which is not allowed here"),
        ("podcast", "episode.mp3", pdf_bytes("x", [("a", "b")]), "PDF, which is not allowed"),
        ("ebook", "book.pdf", b"\x00\x01\x02\x03 random bytes", "not a recognised type"),
        ("ebook", "book.pdf", b"", "empty"),
    ],
)  # fmt: skip
def test_uploads_are_checked_by_content(admin_client, kind, filename, content, message):
    response = admin_client.post(
        ADD_URL, {**form_data(kind=kind), "file": upload(filename, content, "image/png")}
    )
    assert message in errors_of(response)
    assert not Resource.objects.exists()


def test_size_limit_per_kind(admin_client, settings):
    settings.RESOURCES_MAX_UPLOAD_MB = {**settings.RESOURCES_MAX_UPLOAD_MB, "ebook": 1}
    big = pdf_bytes("Big", [("One", "Text.")]) + b"\n%" + b"x" * (1024 * 1024)
    response = admin_client.post(ADD_URL, {**form_data(), "file": upload("big.pdf", big)})
    assert "the limit for this kind is 1.0\xa0MB" in errors_of(response)


def test_kind_rules(admin_client):
    video = admin_client.post(ADD_URL, {**form_data(kind="video")})
    assert "A video needs its external link." in errors_of(video)
    ebook = admin_client.post(ADD_URL, form_data())
    assert "needs its file" in errors_of(ebook)
    with_file = admin_client.post(
        ADD_URL,
        {
            **form_data(kind="video", external_url="https://video.example/x"),
            "file": upload("x.pdf", pdf_bytes("x", [("a", "b")])),
        },
    )
    assert "has no file: give an external link instead" in errors_of(with_file)


def test_a_bad_cover_is_refused(admin_client):
    response = admin_client.post(
        ADD_URL,
        {
            **form_data(),
            "file": upload("b.pdf", pdf_bytes("x", [("a", "b")])),
            "cover": upload("cover.png", b"\x89PNG\r\n\x1a\n<html></html>", "image/png"),
        },
    )
    # Django's ImageField or our check: either way a clear error on the cover.
    assert "cover" in response.context["adminform"].form.errors


def test_replacing_a_file_keeps_the_history_and_removes_the_old_bytes(
    admin_client, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(slug="to-replace", title="To replace", tags=["pricing"])
    DownloadEvent.objects.create(resource=resource, member=make_member())
    old_name, storage = resource.file.name, resource.file.storage
    new_pdf = pdf_bytes("New", [("One", "New text."), ("Two", "More.")])
    data = form_data(kind="ebook", slug="to-replace", title="To replace")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/resources/resource/{resource.pk}/change/",
            {**data, "file": upload("new.pdf", new_pdf)},
        )
    assert response.status_code == 302, errors_of(response)
    resource.refresh_from_db()
    assert resource.file.name != old_name
    assert not storage.exists(old_name)
    assert resource.file_size == len(new_pdf) and resource.page_count == 3
    assert DownloadEvent.objects.filter(resource=resource).count() == 1


def test_changing_kind_against_the_stored_file_is_refused(admin_client):
    resource = ResourceFactory(slug="pdf-one", title="PDF one")
    response = admin_client.post(
        f"/admin/resources/resource/{resource.pk}/change/",
        form_data(kind="podcast", slug="pdf-one", title="PDF one"),
    )
    assert "not allowed for this kind" in errors_of(response)


def test_deleting_a_resource_deletes_its_files(admin_client, django_capture_on_commit_callbacks):
    from resources.services import resource_generate_cover

    resource = ResourceFactory(slug="to-delete")
    resource_generate_cover(resource=resource)
    storage = resource.file.storage
    names = [resource.file.name, resource.cover.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/resources/resource/{resource.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not any(storage.exists(name) for name in names)


def test_admin_lists_show_unique_member_counts(admin_client):
    resource = ResourceFactory(slug="counted", member_downloads=4)
    page = admin_client.get("/admin/resources/resource/").content.decode()
    assert "counted" in page or resource.title in page
    assert admin_client.get(f"/admin/resources/resource/{resource.pk}/change/").status_code == 200
    assert admin_client.get("/admin/resources/downloadevent/").status_code == 200


def test_generated_files_are_valid():
    """The demo generators produce files that pass our own upload checks."""
    from resources.validation import inspect_upload

    for kind, data in (
        ("ebook", pdf_bytes("T", [("a", "b")])),
        ("infographic", infographic_png("T", ["one", "two"], seed="s")),
        ("podcast", wav_bytes(seconds=1)),
    ):
        facts = inspect_upload(io.BytesIO(data), kind=kind, size=len(data))
        assert facts.size == len(data)
    with wave.open(io.BytesIO(wav_bytes(seconds=2)), "rb") as audio:
        assert audio.getnframes() == 16000

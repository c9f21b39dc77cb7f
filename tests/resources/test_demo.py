"""The demo library: enough real, valid files, mixed access, and idempotent loading."""

import shutil
import subprocess
import wave

import pytest
from PIL import Image
from pypdf import PdfReader

from resources import demo
from resources.models import DownloadEvent, Resource

pytestmark = pytest.mark.django_db


def test_demo_library_is_complete_valid_and_idempotent():
    demo.load()
    first = {r.slug: (r.file.name, r.cover.name) for r in Resource.objects.all()}
    assert demo.load().startswith("0 resources written")
    assert {r.slug: (r.file.name, r.cover.name) for r in Resource.objects.all()} == first

    published = Resource.objects.published()
    ebooks = published.filter(kind="ebook")
    infographics = published.filter(kind="infographic")
    episodes = published.filter(kind="podcast", series__slug="product-award")
    assert ebooks.count() >= 8 and infographics.count() >= 6 and episodes.count() >= 10
    for group in (ebooks, infographics, episodes):
        assert {r.access for r in group} == {"public", "members"}

    for resource in ebooks:
        with resource.file.open("rb") as handle:
            pages = PdfReader(handle).pages
            assert len(pages) == resource.page_count >= 3
            assert pages[0].images, "the first page is the cover"
            text = " ".join(" ".join(page.extract_text() for page in pages[1:]).split())
        assert resource.summary in text and "Contents" in text
        for heading, chapter in demo._sections(resource.body):
            first_sentence = " ".join(chapter.split())[:60]
            assert heading in text and text.count(first_sentence) == 1
    for resource in infographics:
        with resource.file.open("rb") as handle, Image.open(handle) as image:
            assert image.format == "PNG"
    for resource in episodes:
        assert resource.transcript.startswith("Host: ")
        assert "### Transcript" not in resource.body
        assert resource.duration_seconds == round(_real_seconds(resource))
        if shutil.which("espeak-ng") and shutil.which("lame"):
            assert resource.content_type == "audio/mpeg"
            assert resource.duration_seconds >= 60
    assert all(resource.cover for resource in published)


def _real_seconds(resource: Resource) -> float:
    """The episode's length, decoded from its file independently of the demo code."""
    path = resource.file.path
    if resource.content_type == "audio/mpeg":
        path = f"{path}.wav"
        subprocess.run(["lame", "--quiet", "--decode", resource.file.path, path], check=True)
    with wave.open(path, "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def test_without_speech_tools_episodes_are_chimes_with_their_true_length(
    monkeypatch, tmp_path, caplog
):
    monkeypatch.setenv("PATH", str(tmp_path))
    demo.load()
    episodes = Resource.objects.filter(kind="podcast")
    assert episodes.count() >= 10
    for resource in episodes:
        assert resource.content_type == "audio/wav"
        assert resource.duration_seconds == round(_real_seconds(resource))
    assert "espeak-ng or lame is missing" in caplog.text


def test_a_missing_file_is_drawn_again():
    demo.load()
    resource = Resource.objects.filter(kind="ebook").first()
    resource.file.storage.delete(resource.file.name)
    assert demo.load().startswith("1 resources written")
    resource.refresh_from_db()
    assert resource.file.storage.exists(resource.file.name)


def test_demo_members_get_a_download_history_once():
    from tests.factories import UserFactory

    members = [UserFactory(email=f"demo{n}@demo.pmportal.example") for n in range(4)]
    UserFactory(email="real@example.org")
    demo.load()
    events = DownloadEvent.objects.all()
    assert events.exists()
    assert not events.filter(member__email="real@example.org").exists()
    assert {event.member for event in events if event.member} <= set(members)
    for resource in Resource.objects.all():
        assert resource.member_downloads == resource.downloads.unique_members()
    count = events.count()
    demo.load()
    assert DownloadEvent.objects.count() == count

"""Demo library: eBooks, infographics and the Product Award podcast, with real files drawn by code.

The words live in `resources/demo_content/`: one Markdown file per resource in the folder of its
kind, named by its slug, with `title`, `summary`, `access`, `tags`, `days_ago` (the publication
date, counted back from the first load) and, where they apply, `authors`, `series`, `episode` and
`external_url` in its header. An eBook's `###` sections become the pages of its PDF and an
infographic's `- ` lines its blocks; episodes share `podcast/transcript.txt`, filled in with the
guest, the summary and the first tag. Series are in `series.json`.

PDFs come from reportlab, infographics and covers from Pillow, audio from the stdlib `wave`
module. Nothing is downloaded. `load()` is idempotent: an existing resource is left alone unless
one of its stored files has gone missing, in which case the files are drawn again.
"""

import hashlib
import io
import json
import math
import random
import re
import struct
import textwrap
import wave
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pmportal.markdown import read_front_matter
from resources.covers import PALETTES, draw_cover, font
from resources.models import DownloadEvent, Resource, ResourceKind, Series, Status, UserAgentClass
from resources.services import apply_file_facts
from resources.validation import FileFacts

CONTENT = Path(__file__).with_name("demo_content")


def pdf_bytes(title: str, sections: list[tuple[str, str]], *, author: str = "") -> bytes:
    """A multi-page PDF: a title page, then one page per section."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author or "PM Portal")
    width, height = A4
    canvas.setFillColorRGB(0.22, 0.19, 0.64)
    canvas.rect(0, height - 90 * mm, width, 90 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont("Helvetica-Bold", 26)
    y = height - 40 * mm
    for line in textwrap.wrap(title, 32):
        canvas.drawString(20 * mm, y, line)
        y -= 11 * mm
    canvas.setFillColorRGB(0.1, 0.1, 0.15)
    canvas.setFont("Helvetica", 13)
    canvas.drawString(20 * mm, height - 110 * mm, f"{author or 'PM Portal'} · PM Portal")
    canvas.showPage()
    for number, (heading, text) in enumerate(sections, start=1):
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(20 * mm, height - 30 * mm, f"{number}. {heading}")
        canvas.setFont("Helvetica", 12)
        y = height - 45 * mm
        for paragraph in (text, text):
            for line in textwrap.wrap(paragraph, 85):
                canvas.drawString(20 * mm, y, line)
                y -= 6.5 * mm
            y -= 4 * mm
        canvas.setFont("Helvetica", 9)
        canvas.drawString(20 * mm, 15 * mm, f"{title} · page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def infographic_png(title: str, points: list[str], *, seed: str) -> bytes:
    """A tall one-page PNG: title band, numbered blocks and a bar per point."""
    background, accent = PALETTES["infographic"]
    width, height = 900, 300 + 190 * len(points)
    image = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 220), fill=background)
    y = 50
    for line in textwrap.wrap(title, 34)[:3]:
        draw.text((50, y), line, font=font(40), fill="#ffffff")
        y += 52
    for index, point in enumerate(points):
        top = 260 + index * 190
        draw.rounded_rectangle((40, top, width - 40, top + 160), radius=18, fill="#ecfdf5")
        draw.ellipse((60, top + 45, 130, top + 115), fill=background)
        draw.text((84, top + 58), str(index + 1), font=font(36), fill="#ffffff")
        text_y = top + 30
        for line in textwrap.wrap(point, 40)[:3]:
            draw.text((160, text_y), line, font=font(28), fill="#0f172a")
            text_y += 36
        bar = 200 + (sum(map(ord, seed + point)) % 480)
        draw.rectangle((160, top + 130, 160 + bar, top + 142), fill=accent)
    draw.text((50, height - 50), "PM Portal · pmportal.example", font=font(22), fill="#334155")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def wav_bytes(*, seconds: float = 2.0, pitch: float = 440.0, rate: int = 8000) -> bytes:
    """A short, valid mono WAV: a soft two-note chime that fades out."""
    frames = bytearray()
    total = int(seconds * rate)
    for index in range(total):
        t = index / rate
        note = pitch if t < seconds / 2 else pitch * 1.25
        envelope = 1 - index / total
        sample = int(9000 * envelope * math.sin(2 * math.pi * note * t))
        frames += struct.pack("<h", sample)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(bytes(frames))
    return buffer.getvalue()


def _sections(body: str) -> list[tuple[str, str]]:
    """An eBook's `### heading` blocks, one PDF page each."""
    parts = re.split(r"^### (.+)$", body, flags=re.MULTILINE)[1:]
    return [(heading, text.strip()) for heading, text in zip(parts[::2], parts[1::2], strict=True)]


def _ebook(resource: Resource) -> tuple[bytes, str, str, dict]:
    sections = _sections(resource.body)
    pdf = pdf_bytes(resource.title, sections, author=resource.authors)
    return pdf, "pdf", "application/pdf", {"page_count": len(sections) + 1}


def _infographic(resource: Resource) -> tuple[bytes, str, str, dict]:
    points = [line.removeprefix("- ") for line in resource.body.splitlines()]
    return infographic_png(resource.title, points, seed=resource.slug), "png", "image/png", {}


def _episode(resource: Resource) -> tuple[bytes, str, str, dict]:
    number = resource.episode_number
    seconds = 2.0 + number % 3
    wav = wav_bytes(seconds=seconds, pitch=330.0 + 20 * number)
    return wav, "wav", "audio/wav", {"duration_seconds": round(seconds)}


# How each kind's file is drawn from its text; articles and videos have no file.
DRAW_FILE = {
    ResourceKind.EBOOK: _ebook,
    ResourceKind.INFOGRAPHIC: _infographic,
    ResourceKind.PODCAST: _episode,
}


def _save_resource(*, slug: str, fields: dict, tags: list[str]) -> bool:
    """Create the resource (or redraw a missing file). True when something was written.

    An existing resource is otherwise left alone: staff may have replaced its text or file.
    """
    resource = Resource.objects.filter(slug=slug).first()
    if resource is not None:
        files = [resource.cover, resource.file] if resource.kind in DRAW_FILE else [resource.cover]
        if all(file and file.storage.exists(file.name) for file in files):
            return False
    else:
        resource = Resource(slug=slug, status=Status.PUBLISHED, **fields)
    if draw := DRAW_FILE.get(resource.kind):
        data, extension, content_type, facts = draw(resource)
        resource.file.save(f"demo.{extension}", ContentFile(data), save=False)
        apply_file_facts(resource, FileFacts(content_type, extension, len(data), **facts))
    png = draw_cover(title=resource.title, kind=resource.kind, seed=slug)
    resource.cover.save("cover.png", ContentFile(png), save=False)
    resource.save()
    resource.tags.set(tags)
    return True


def load() -> str:
    """Write every resource under `resources/demo_content/<kind>/`, then the download history."""
    series = {
        item["slug"]: Series.objects.get_or_create(slug=item["slug"], defaults=item)[0]
        for item in json.loads((CONTENT / "series.json").read_text(encoding="utf-8"))
    }
    template = (CONTENT / "podcast" / "transcript.txt").read_text(encoding="utf-8").strip()
    today = timezone.localdate()
    written = 0
    for path in sorted(CONTENT.glob("*/*.md")):
        header, body = read_front_matter(path)
        tags = [tag.strip() for tag in header["tags"].split(",")]
        kind = ResourceKind(path.parent.name)
        episode = kind == ResourceKind.PODCAST
        fields = {
            "kind": kind,
            "title": header["title"],
            "summary": header["summary"],
            "body": body,
            "authors": header.get("authors", ""),
            "access": header["access"],
            "external_url": header.get("external_url", ""),
            "series": series.get(header.get("series")),
            "episode_number": int(header["episode"]) if episode else None,
            "published_on": today - timedelta(days=int(header["days_ago"])),
        }
        if episode:
            fields["transcript"] = template.format(
                guest=header["authors"], blurb=header["summary"], topic=tags[0]
            )
        written += _save_resource(slug=path.stem, fields=fields, tags=tags)
    events = _demo_downloads()
    total = Resource.objects.count()
    return f"{written} resources written, {total} in the library, {events} demo downloads"


DEMO_MEMBER_DOMAIN = "@demo.pmportal.example"


def _demo_downloads() -> int:
    """Eight weeks of download history by the demo members (and anonymous visitors of public
    files), so the library, the counts and the owner's dashboard have something to show.
    Added once: skipped as soon as any demo member has a download."""
    members = list(get_user_model().objects.filter(email__endswith=DEMO_MEMBER_DOMAIN))
    if not members or DownloadEvent.objects.filter(member__in=members).exists():
        return 0
    rng = random.Random(20261125)  # noqa: S311  (demo data: the same history on every machine)
    now = timezone.now()
    classes = (
        [UserAgentClass.BROWSER] * 6 + [UserAgentClass.MOBILE] * 3 + [UserAgentClass.PODCAST_APP]
    )
    events = []
    resources = list(Resource.objects.published().exclude(file="").order_by("id"))
    for resource in resources:
        for member in rng.sample(members, k=rng.randint(0, len(members))):
            events.append(
                DownloadEvent(
                    resource=resource,
                    member=member,
                    user_agent_class=rng.choice(classes),
                    created_at=now
                    - timedelta(days=rng.randint(0, 55), minutes=rng.randint(0, 1439)),
                )
            )
        for visitor in range(rng.randint(0, 12) if resource.is_public else 0):
            key = hashlib.sha256(f"demo-visitor-{resource.pk}-{visitor}".encode()).hexdigest()
            events.append(
                DownloadEvent(
                    resource=resource,
                    visitor_key=key,
                    user_agent_class=rng.choice(classes),
                    created_at=now
                    - timedelta(days=rng.randint(0, 55), minutes=rng.randint(0, 1439)),
                )
            )
    DownloadEvent.objects.bulk_create(events)
    for resource in resources:
        unique = resource.downloads.unique_members()
        Resource.objects.filter(pk=resource.pk).update(member_downloads=unique)
    return len(events)

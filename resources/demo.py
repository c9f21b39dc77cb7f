"""Demo library: eBooks, infographics and the Product Award podcast, with real files drawn by code.

PDFs come from reportlab, infographics and covers from Pillow, audio from the stdlib `wave`
module. Nothing is downloaded. `load()` is idempotent: an existing resource is left alone unless
its file has gone missing from storage, in which case the file is drawn again.
"""

import hashlib
import io
import math
import random
import struct
import textwrap
import wave
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from resources import demo_content as content
from resources.covers import PALETTES, draw_cover, font
from resources.models import DownloadEvent, Resource, ResourceKind, Series, Status, UserAgentClass
from resources.services import apply_file_facts
from resources.storage import private_storage
from resources.validation import FileFacts


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


def body_from_sections(sections: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"### {heading}\n\n{text}" for heading, text in sections)


def _save_resource(
    *,
    slug: str,
    defaults: dict,
    tags: list[str],
    make_file,
    facts: dict | None = None,
) -> bool:
    """Create the resource (or redraw a missing file). True when something was written."""
    resource = Resource.objects.filter(slug=slug).first()
    storage = private_storage()
    if resource is not None:
        file_ok = not make_file or (resource.file and storage.exists(resource.file.name))
        cover_ok = resource.cover and storage.exists(resource.cover.name)
        if file_ok and cover_ok:
            return False
    else:
        resource = Resource(slug=slug, status=Status.PUBLISHED, **defaults)
    if make_file:
        data, extension, content_type = make_file()
        resource.file.save(f"demo.{extension}", ContentFile(data), save=False)
        apply_file_facts(resource, FileFacts(content_type, extension, len(data), **(facts or {})))
    png = draw_cover(title=resource.title, kind=resource.kind, seed=slug)
    resource.cover.save("cover.png", ContentFile(png), save=False)
    resource.save()
    resource.tags.set(tags)
    return True


def load() -> str:
    today = timezone.localdate()
    series, _ = Series.objects.get_or_create(
        slug=content.SERIES["slug"],
        defaults={"title": content.SERIES["title"], "description": content.SERIES["description"]},
    )
    written = 0
    age = 0
    for item in content.EBOOKS:
        age += 9
        sections = item["sections"]
        written += _save_resource(
            slug=item["slug"],
            defaults={
                "kind": ResourceKind.EBOOK,
                "title": item["title"],
                "summary": item["summary"],
                "body": body_from_sections(sections),
                "authors": item["authors"],
                "access": item["access"],
                "published_on": today - timedelta(days=age),
            },
            tags=item["tags"],
            make_file=lambda item=item, sections=sections: (
                pdf_bytes(item["title"], sections, author=item["authors"]),
                "pdf",
                "application/pdf",
            ),
            facts={"page_count": len(sections) + 1},
        )
    for item in content.INFOGRAPHICS:
        age += 7
        written += _save_resource(
            slug=item["slug"],
            defaults={
                "kind": ResourceKind.INFOGRAPHIC,
                "title": item["title"],
                "summary": item["summary"],
                "body": "\n".join(f"- {point}" for point in item["points"]),
                "access": item["access"],
                "published_on": today - timedelta(days=age),
            },
            tags=item["tags"],
            make_file=lambda item=item: (
                infographic_png(item["title"], item["points"], seed=item["slug"]),
                "png",
                "image/png",
            ),
        )
    for number, (slug, title, guest, tags, access, blurb) in enumerate(content.EPISODES, 1):
        seconds = 2.0 + number % 3
        written += _save_resource(
            slug=f"product-award-{slug}",
            defaults={
                "kind": ResourceKind.PODCAST,
                "title": title,
                "summary": blurb,
                "body": f"Episode {number} of the Product Award podcast. {blurb}",
                "transcript": content.TRANSCRIPT_TEMPLATE.format(
                    guest=guest, blurb=blurb, topic=tags[0]
                ),
                "authors": guest,
                "access": access,
                "series": series,
                "episode_number": number,
                "published_on": today - timedelta(days=5 + (len(content.EPISODES) - number) * 14),
            },
            tags=tags,
            make_file=lambda number=number, seconds=seconds: (
                wav_bytes(seconds=seconds, pitch=330.0 + 20 * number),
                "wav",
                "audio/wav",
            ),
            facts={"duration_seconds": round(seconds)},
        )
    for item in content.ARTICLES + content.VIDEOS:
        age += 11
        kind = ResourceKind.VIDEO if item in content.VIDEOS else ResourceKind.ARTICLE
        written += _save_resource(
            slug=item["slug"],
            defaults={
                "kind": kind,
                "title": item["title"],
                "summary": item["summary"],
                "body": item["body"],
                "access": item["access"],
                "external_url": item.get("external_url", ""),
                "published_on": today - timedelta(days=age),
            },
            tags=item["tags"],
            make_file=None,
        )
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

"""Demo library with real files made here, from `resources/demo_content/<kind>/<slug>.md`: a
header with `title`, `summary`, `access`, `tags`, `days_ago` (before the first load) and, where
they apply, `authors`, `series`, `episode`, `voice` (espeak-ng's), `external_url`. An eBook's
`###` sections are its chapters, an infographic's `- ` lines its blocks; an episode's
`### Transcript` is spoken by espeak-ng and lame (else a chime). Series: `series.json`.
`load()` leaves an existing resource alone unless one of its files has gone missing.
"""

import dataclasses
import hashlib
import io
import json
import logging
import math
import random
import re
import shutil
import struct
import subprocess
import tempfile
import textwrap
import wave
from datetime import timedelta
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from pmportal.markdown import read_front_matter
from resources.covers import PALETTES, draw_cover, font
from resources.models import DownloadEvent, Resource, ResourceKind, Series, Status, UserAgentClass
from resources.services import apply_file_facts
from resources.validation import inspect_upload

logger = logging.getLogger(__name__)

CONTENT = Path(__file__).with_name("demo_content")
HOST_VOICE = "en-gb-x-rp"
SPEECH_WORDS_PER_MINUTE = "160"
PAUSE_SECONDS = 0.45  # between two speakers' turns


def _inline(text: str) -> str:
    """Markdown's `**bold**` and `*italic*` as reportlab's mini-markup, the rest escaped."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


def pdf_bytes(
    title: str,
    sections: list[tuple[str, str]],
    *,
    summary: str = "",
    author: str = "",
    seed: str = "",
) -> bytes:
    """A book: the library's cover as its first page, a contents page, then the chapters."""
    styles = getSampleStyleSheet()
    accent = HexColor(PALETTES["ebook"][0])
    heading = ParagraphStyle("chapter", parent=styles["Heading1"], textColor=accent, spaceAfter=14)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=11.5, leading=17)
    author = author or "PM Portal"
    cover = ImageReader(io.BytesIO(draw_cover(title=title, kind="ebook", seed=seed or title)))

    def cover_page(canvas, document) -> None:
        width, height = A4
        canvas.setFillColor(accent)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.drawImage(cover, 0, height - width * 4 / 3, width, width * 4 / 3)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont("Helvetica", 16)
        canvas.drawRightString(width - 20 * mm, 16 * mm, f"by {author}")

    def later_page(canvas, document) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.setFillColorRGB(0.35, 0.35, 0.4)
        canvas.drawString(20 * mm, 12 * mm, f"{title} · {author}")
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, str(document.page))

    story = [PageBreak()]
    if summary:
        story += [Paragraph(_inline(summary), styles["Italic"]), Spacer(1, 18)]
    story.append(Paragraph("Contents", heading))
    story += [
        Paragraph(f"{number}. {escape(name)}", body) for number, (name, _) in enumerate(sections, 1)
    ]
    story.append(PageBreak())
    for number, (name, text) in enumerate(sections, start=1):
        story.append(Paragraph(f"{number}. {escape(name)}", heading))
        for block in text.split("\n\n"):
            lines = block.splitlines()
            if all(line.startswith("- ") for line in lines):
                story += [Paragraph(_inline(line[2:]), body, bulletText="•") for line in lines]
            else:
                story.append(Paragraph(_inline(" ".join(lines)), body))
            story.append(Spacer(1, 6))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=author, invariant=1,
        leftMargin=22 * mm, rightMargin=22 * mm, topMargin=25 * mm, bottomMargin=22 * mm,
    )  # fmt: skip
    document.build(story, onFirstPage=cover_page, onLaterPages=later_page)
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
    """The `### heading` blocks of a body, as (heading, text) pairs."""
    parts = re.split(r"^### (.+)$", body, flags=re.MULTILINE)[1:]
    return [(heading, text.strip()) for heading, text in zip(parts[::2], parts[1::2], strict=True)]


def _ebook(resource: Resource, header: dict) -> tuple[bytes, int | None]:
    sections = _sections(resource.body)
    return pdf_bytes(
        resource.title,
        sections,
        summary=resource.summary,
        author=resource.authors,
        seed=resource.slug,
    ), None


def _infographic(resource: Resource, header: dict) -> tuple[bytes, int | None]:
    points = [line.removeprefix("- ") for line in resource.body.splitlines()]
    return infographic_png(resource.title, points, seed=resource.slug), None


@cache  # one process (a test run, say) speaks each transcript once
def _spoken(transcript: str, guest_voice: str, espeak: str, lame: str) -> tuple[bytes, float]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        turns = [line.split(": ", 1) for line in transcript.splitlines() if ": " in line]
        frames, params = [], None
        for index, (speaker, words) in enumerate(turns):
            voice = HOST_VOICE if speaker == "Host" else guest_voice
            turn = work / f"{index}.wav"
            # Programs found on PATH, our own text as one argument: no shell involved.
            subprocess.run(  # noqa: S603
                [espeak, "-v", voice, "-s", SPEECH_WORDS_PER_MINUTE, "-w", turn, "--", words],
                check=True,
            )
            with wave.open(str(turn), "rb") as audio:
                params = audio.getparams()
                frames.append(audio.readframes(audio.getnframes()))
        silence = b"\0" * (int(params.framerate * PAUSE_SECONDS) * params.sampwidth)
        spoken = work / "episode.wav"
        with wave.open(str(spoken), "wb") as audio:
            audio.setparams(params)
            audio.writeframes(silence.join(frames))
        mp3, decoded = work / "episode.mp3", work / "decoded.wav"
        subprocess.run([lame, "--quiet", "-m", "m", "-b", "40", "-q", "7", spoken, mp3], check=True)  # noqa: S603
        subprocess.run([lame, "--quiet", "--decode", mp3, decoded], check=True)  # noqa: S603
        with wave.open(str(decoded), "rb") as audio:
            return mp3.read_bytes(), audio.getnframes() / audio.getframerate()


def speech_mp3(transcript: str, *, guest_voice: str) -> tuple[bytes, float] | None:
    """The transcript spoken by host and guest as MP3, with its decoded duration in seconds;
    None without espeak-ng or lame."""
    espeak, lame = shutil.which("espeak-ng"), shutil.which("lame")
    if not (espeak and lame):
        return None
    return _spoken(transcript, guest_voice, espeak, lame)


def _episode(resource: Resource, header: dict) -> tuple[bytes, int | None]:
    speech = speech_mp3(resource.transcript, guest_voice=header.get("voice", "en-us"))
    if speech is None:
        logger.warning(
            "espeak-ng or lame is missing (scripts/ensure_audio.sh installs them): "
            "episode %s is a short chime instead of speech",
            resource.episode_number,
        )
        return wav_bytes(seconds=2.0 + resource.episode_number % 3), None
    mp3, seconds = speech
    return mp3, round(seconds)


# How each kind's file is made from its text: its bytes, and its duration in seconds when the
# upload checks cannot read one from that type (MP3). Articles and videos have no file.
DRAW_FILE = {
    ResourceKind.EBOOK: _ebook,
    ResourceKind.INFOGRAPHIC: _infographic,
    ResourceKind.PODCAST: _episode,
}


def _save_resource(*, slug: str, fields: dict, tags: list[str], header: dict) -> bool:
    """Create the resource, or make a missing file again (otherwise staff's edits stay): True
    when something was written. The file's facts are read from it as an upload's are."""
    resource = Resource.objects.filter(slug=slug).first()
    if resource is not None:
        files = [resource.cover, resource.file] if resource.kind in DRAW_FILE else [resource.cover]
        if all(file and file.storage.exists(file.name) for file in files):
            return False
    else:
        resource = Resource(slug=slug, status=Status.PUBLISHED, **fields)
    if draw := DRAW_FILE.get(resource.kind):
        data, seconds = draw(resource, header)
        facts = inspect_upload(io.BytesIO(data), kind=resource.kind, size=len(data))
        if seconds is not None:
            facts = dataclasses.replace(facts, duration_seconds=seconds)
        resource.file.save(f"demo.{facts.extension}", ContentFile(data), save=False)
        apply_file_facts(resource, facts)
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
            fields["body"], fields["transcript"] = map(str.strip, body.split("### Transcript"))
        written += _save_resource(slug=path.stem, fields=fields, tags=tags, header=header)
    events = _demo_downloads()
    total = Resource.objects.count()
    return f"{written} resources written, {total} in the library, {events} demo downloads"


DEMO_MEMBER_DOMAIN = "@demo.pmportal.example"


def _demo_downloads() -> int:
    """Eight weeks of downloads by the demo members and visitors, for the counts and the
    dashboard; skipped once any demo member has a download."""
    members = list(get_user_model().objects.filter(email__endswith=DEMO_MEMBER_DOMAIN))
    if not members or DownloadEvent.objects.filter(member__in=members).exists():
        return 0
    rng = random.Random(20261125)  # noqa: S311  (demo data: the same history on every machine)
    now = timezone.now()
    classes = (
        [UserAgentClass.BROWSER] * 6 + [UserAgentClass.MOBILE] * 3 + [UserAgentClass.PODCAST_APP]
    )
    events = []

    def download(resource: Resource, **who) -> DownloadEvent:
        agent = rng.choice(classes)
        ago = timedelta(days=rng.randint(0, 55), minutes=rng.randint(0, 1439))
        return DownloadEvent(resource=resource, user_agent_class=agent, created_at=now - ago, **who)

    resources = list(Resource.objects.published().exclude(file="").order_by("id"))
    for resource in resources:
        for member in rng.sample(members, k=rng.randint(0, min(len(members), 40))):
            events.append(download(resource, member=member))
        for visitor in range(rng.randint(0, 12) if resource.is_public else 0):
            key = hashlib.sha256(f"demo-visitor-{resource.pk}-{visitor}".encode()).hexdigest()
            events.append(download(resource, visitor_key=key))
    DownloadEvent.objects.bulk_create(events)
    for resource in resources:
        unique = resource.downloads.unique_members()
        Resource.objects.filter(pk=resource.pk).update(member_downloads=unique)
    return len(events)

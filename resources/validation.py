"""Upload validation by content, not by name: the magic numbers must announce a type allowed
for the kind, and the file must parse as that type (pypdf, Pillow, `wave`)."""

import logging
import wave
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# mime type detected from the content → (extension we store, content type we serve, its name)
KNOWN_TYPES = {
    "application/pdf": ("pdf", "application/pdf", "PDF"),
    "image/png": ("png", "image/png", "PNG"),
    "image/jpeg": ("jpg", "image/jpeg", "JPEG"),
    "image/webp": ("webp", "image/webp", "WebP"),
    "audio/mpeg": ("mp3", "audio/mpeg", "MP3"),
    "audio/mp4": ("m4a", "audio/mp4", "M4A"),
    "audio/ogg": ("ogg", "audio/ogg", "Ogg"),
    "audio/x-wav": ("wav", "audio/wav", "WAV"),
}
ALLOWED_BY_KIND = {
    "ebook": {"application/pdf"},
    "infographic": {"image/png", "image/jpeg", "application/pdf"},
    "podcast": {"audio/mpeg", "audio/mp4", "audio/ogg", "audio/x-wav"},
    "article": {"application/pdf"},
    "video": set(),
    "cover": {"image/png", "image/jpeg", "image/webp"},
}
# Larger images are refused rather than decoded (decompression bombs).
MAX_PIXELS = 40_000_000
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileFacts:
    content_type: str
    extension: str
    size: int
    page_count: int | None = None
    duration_seconds: int | None = None


def allowed_label(kind: str) -> str:
    labels = sorted(KNOWN_TYPES[mime][2] for mime in ALLOWED_BY_KIND.get(kind, set()))
    return ", ".join(labels) or "no file (use the external link)"


def content_type_allowed(kind: str, content_type: str) -> bool:
    """Whether a stored file's served content type suits `kind` (when an editor changes kind)."""
    return any(KNOWN_TYPES[mime][1] == content_type for mime in ALLOWED_BY_KIND.get(kind, set()))


def inspect_upload(upload: IO[bytes], *, kind: str, size: int) -> FileFacts:
    """Check an upload for `kind` (a ResourceKind value, or "cover") and describe it, reading
    it in place; raises ValidationError with a message for the editor."""
    allowed = ALLOWED_BY_KIND.get(kind, set())
    if not allowed:
        raise ValidationError(
            "This kind of resource has no file: give an external link instead.", code="no_file"
        )
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    limit = settings.RESOURCES_MAX_UPLOAD_MB.get(kind, 25) * 1024 * 1024
    if size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(size)}; the limit for this kind is "
            f"{filesizeformat(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else None
    if mime is None:
        if head.lstrip().startswith(b"<"):
            raise ValidationError(
                f"This looks like an SVG, HTML or XML document. Allowed: {allowed_label(kind)}.",
                code="markup",
            )
        raise ValidationError(
            f"The content of this file is not a recognised type. Allowed: {allowed_label(kind)}.",
            code="unknown_type",
        )
    extension, content_type, label = KNOWN_TYPES.get(mime, ("", "", mime))
    if mime not in allowed:
        raise ValidationError(
            f"The file's content is {label}, which is not allowed here. "
            f"Allowed: {allowed_label(kind)}.",
            code="wrong_type",
        )
    page_count = duration = None
    try:
        if mime == "application/pdf":
            page_count = _pdf_pages(upload)
        elif mime.startswith("image/"):
            _check_image(upload, expected=label.upper())
        elif mime == "audio/x-wav":
            duration = _wav_seconds(upload)
    finally:
        upload.seek(0)
    return FileFacts(content_type, extension, size, page_count, duration)


def _pdf_pages(upload: IO[bytes]) -> int:
    try:
        pages = len(PdfReader(upload).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        logger.info("upload refused: unreadable PDF (%s)", error)
        raise ValidationError(
            "The file starts like a PDF but cannot be read as one.", code="broken"
        ) from error
    if pages == 0:
        raise ValidationError("The PDF has no pages.", code="broken")
    return pages


def _check_image(upload: IO[bytes], *, expected: str) -> None:
    """`expected` is Pillow's name of the format the content announced (PNG, JPEG, WEBP)."""
    try:
        with Image.open(upload) as image:
            if image.format != expected:
                raise ValidationError("The image content does not match its type.", code="broken")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("The image has too many pixels.", code="too_large")
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            # verify() checks the structure; load() decodes the pixels and catches the rest.
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(
            "The file starts like an image but is not a valid one.", code="broken"
        ) from error


def _wav_seconds(upload: IO[bytes]) -> int:
    try:
        with wave.open(upload, "rb") as audio:
            frames, rate = audio.getnframes(), audio.getframerate()
    except (wave.Error, EOFError) as error:
        raise ValidationError("The WAV file cannot be read.", code="broken") from error
    if not frames or not rate:
        raise ValidationError("The WAV file has no sound in it.", code="broken")
    return max(1, round(frames / rate))

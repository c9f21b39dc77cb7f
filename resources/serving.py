"""Handing out a checked resource file by `settings.RESOURCES_DOWNLOAD_MODE`: streamed (single
ranges, for audio seeking), sent by nginx (X-Accel-Redirect), or a signed S3 redirect."""

import logging
import re
import sys
from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from resources.models import Resource
from resources.storage import private_storage

logger = logging.getLogger(__name__)

BLOCK_SIZE = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
PRIVATE_CACHE = "private, max-age=0, must-revalidate"
UNSATISFIABLE = "unsatisfiable"


class PrivateFileResponse(FileResponse):
    """FileResponse with larger blocks than the 4 KiB default: fewer writes per megabyte."""

    block_size = BLOCK_SIZE


def safe_filename(resource: Resource) -> str:
    """An ASCII filename built from the title (never from what was uploaded)."""
    stem = slugify(resource.title)[:80].strip("-") or "resource"
    extension = resource.file.name.rsplit(".", 1)[-1] if "." in resource.file.name else "bin"
    return f"{stem}.{extension}"


def content_type_of(resource: Resource) -> str:
    return resource.content_type or "application/octet-stream"


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """(first, last) of a single `bytes=` range, UNSATISFIABLE, or None (no header, malformed,
    several ranges: then the whole file is sent, as RFC 9110 allows)."""
    match = RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, min(end, size - 1)


def from_the_start(request: HttpRequest) -> bool:
    """Whether the whole file or its first bytes are asked for: only those requests count as a
    download, so an audio player seeking does not add events (nor does a suffix range)."""
    requested = parse_range(request.headers.get("Range", ""), sys.maxsize)
    return requested is None or requested[0] == 0


def _secure(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE_CACHE
    response["Vary"] = "Cookie"
    return response


def _read_range(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(BLOCK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def stream_response(request: HttpRequest, resource: Resource) -> HttpResponse:
    """Stream the file (200, or 206/416 for a Range request). Never reads it whole."""
    storage = private_storage()
    name = resource.file.name
    size = storage.size(name)
    content_type = content_type_of(resource)
    requested = (
        None
        if "If-Range" in request.headers
        else parse_range(request.headers.get("Range", ""), size)
    )
    if requested == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _secure(response)
    length = size
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
    elif requested is not None:
        start, end = requested
        length = end - start + 1
        response = StreamingHttpResponse(
            _read_range(storage.open(name, "rb"), start, length),
            status=206,
            content_type=content_type,
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = PrivateFileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Length"] = str(length)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(resource))
    response["Accept-Ranges"] = "bytes"
    return _secure(response)


def x_accel_response(resource: Resource) -> HttpResponse:
    """Let nginx send the bytes: the path is the checked storage name under the internal prefix."""
    response = HttpResponse(content_type=content_type_of(resource))
    response["X-Accel-Redirect"] = settings.RESOURCES_X_ACCEL_PREFIX + quote(resource.file.name)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(resource))
    # Keep nginx from buffering big files to its own disk and from caching member-only bytes.
    response["X-Accel-Buffering"] = "no"
    return _secure(response)


def presigned_redirect(resource: Resource) -> HttpResponse:
    """Redirect to a short-lived signed URL on the object store (signed locally, no network)."""
    url = private_storage().url(
        resource.file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, safe_filename(resource)),
            "ResponseContentType": content_type_of(resource),
        },
        expire=settings.RESOURCES_PRESIGNED_EXPIRY,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def file_response(request: HttpRequest, resource: Resource) -> HttpResponse:
    mode = settings.RESOURCES_DOWNLOAD_MODE
    if mode == "x-accel":
        return x_accel_response(resource)
    if mode == "presigned":
        return presigned_redirect(resource)
    return stream_response(request, resource)

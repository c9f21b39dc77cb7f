"""Covers drawn by code (Pillow): for demo content and for resources uploaded without a cover."""

import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

COVER_SIZE = (480, 640)
# Background and accent per kind; text is white on every background (contrast ≥ 4.5:1).
PALETTES = {
    "ebook": ("#3730a3", "#a5b4fc"),
    "infographic": ("#0f5132", "#6ee7b7"),
    "podcast": ("#7c2d12", "#fdba74"),
    "article": ("#1e3a5f", "#93c5fd"),
    "video": ("#581c87", "#d8b4fe"),
}


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def draw_cover(*, title: str, kind: str, seed: str) -> bytes:
    """A PNG cover: kind label, wrapped title and a few shapes placed from a hash of `seed`."""
    background, accent = PALETTES.get(kind, PALETTES["ebook"])
    image = Image.new("RGB", COVER_SIZE, background)
    draw = ImageDraw.Draw(image)
    digest = hashlib.sha256(seed.encode()).digest()
    width, height = COVER_SIZE
    # Shapes stay in the lower third, under the title.
    for index in range(4):
        x = digest[index] * width // 255
        y = 480 + digest[index + 4] * 120 // 255
        radius = 30 + digest[index + 8] % 60
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=accent, width=6)
    draw.rectangle((0, 0, width, 14), fill=accent)
    draw.text((36, 48), kind.upper(), font=font(26), fill=accent)
    lines = textwrap.wrap(title, width=18)[:5]
    y = 100
    for line in lines:
        draw.text((36, y), line, font=font(42), fill="#ffffff")
        y += 54
    draw.text((36, height - 60), "PM Portal", font=font(24), fill="#ffffff")
    buffer = io.BytesIO()
    # A 64-colour palette: a third of the bytes of RGB, and quicker than optimize=True.
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return buffer.getvalue()

"""The curated product-management skills we suggest and recognise (members may type others)."""

import re
from functools import cache
from pathlib import Path

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify

# One skill a line; the synthetic members (members/seeding.py) favour the first ones.
SKILLS_FILE = Path(__file__).with_name("data") / "skills.txt"
PM_SKILLS: list[str] = [
    line
    for line in SKILLS_FILE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]

SKILL_NAMES = {slugify(name): name for name in PM_SKILLS}
SKILL_WORDS = sorted({word for name in PM_SKILLS for word in re.findall(r"\w+", name)})


def skill_label(slug: str) -> str:
    """The curated name for a skill slug ("ab-testing" → "a/b testing"), else the slug's words."""
    return SKILL_NAMES.get(slug, slug.replace("-", " "))


@cache
def skill_datalist_options() -> SafeString:
    """The <option>s of the skill suggestions list (profile form, directory filter), built once
    per process: the list never changes while it runs."""
    return format_html_join("", '<option value="{}"></option>', ((name,) for name in PM_SKILLS))

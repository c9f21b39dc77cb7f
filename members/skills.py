"""The curated list of product-management skills: profile suggestions, seeding and matching.

Members may type other skills too; these are the ones we suggest and recognise.
"""

import re
from functools import cache

from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify

PM_SKILLS: list[str] = [
    # Soft skills
    "communication", "technical writing", "presentation", "influencing without authority",
    "diplomacy", "delegation", "time management", "stakeholder management", "negotiation",
    "storytelling", "facilitation", "coaching",
    # Competencies
    "project management", "roadmaps", "product strategy", "innovation", "design thinking",
    "customer research", "market research", "competitive analysis", "ux", "onboarding",
    "finance", "agile", "scrum", "kanban", "partner enablement", "sales enablement",
    "digital transformation", "product marketing", "go-to-market", "pricing", "discovery",
    "okrs", "kpis", "north star metric", "a/b testing", "experimentation", "analytics", "sql",
    "data science", "machine learning", "ai", "apis", "platform strategy", "developer experience",
    "growth", "retention", "monetization", "user interviews", "prototyping", "wireframing",
    "accessibility", "security", "compliance", "hardware", "supply chain", "b2b saas",
    "marketplaces",
    "mobile", "product operations", "product-led growth", "positioning", "launch planning",
    "prioritization", "backlog management",
]  # fmt: skip


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

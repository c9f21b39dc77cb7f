"""Demo FAQ content in `faq/demo_content/`: `categories.json` in page order, a Markdown file per
question in its category's folder (named by its slug; header: `question`, `order`, `tags`), and
`synonyms.json`. `load()` is idempotent: rows are matched by slug or term and updated in place.
"""

import datetime
import json
from pathlib import Path

from faq.models import Category, Question, QuestionStatus, Synonym
from pmportal.markdown import read_front_matter

CONTENT = Path(__file__).with_name("demo_content")
CATEGORIES = [
    (item["slug"], item["name"], item["description"])
    for item in json.loads((CONTENT / "categories.json").read_text(encoding="utf-8"))
]
QUESTIONS = sorted(CONTENT.glob("*/*.md"))
SYNONYMS = json.loads((CONTENT / "synonyms.json").read_text(encoding="utf-8"))
REVIEWED = datetime.date(2026, 11, 2)


def load() -> str:
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for term, expansions in SYNONYMS.items():
        Synonym.objects.update_or_create(term=term, defaults={"expansions": ", ".join(expansions)})
    created = 0
    for path in QUESTIONS:
        header, answer = read_front_matter(path)
        question, was_created = Question.objects.update_or_create(
            slug=path.stem,
            defaults={
                "category": categories[path.parent.name],
                "question": header["question"],
                "answer": answer,
                "status": QuestionStatus.PUBLISHED,
                "position": int(header["order"]),
                "last_reviewed": REVIEWED,
            },
        )
        question.tags.set([tag.strip() for tag in header["tags"].split(",")])
        created += was_created
    return (
        f"{len(SYNONYMS)} search synonyms, "
        f"{len(QUESTIONS)} questions in {len(CATEGORIES)} categories ({created} new)"
    )

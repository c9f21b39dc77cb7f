"""Demo community threads, written in our own words, in `community/demo_content/threads.json`:
each has a title, an author (a demo member's email), tags, the search it started from, a body
and its answers (author, body, `accepted`). `load()` is idempotent: a thread is matched by its
author and title and written once, with its answers, so members' later activity stays."""

import json
from pathlib import Path

from community.models import Answer, Question
from members.models import User

THREADS = json.loads(Path(__file__).with_name("demo_content").joinpath("threads.json").read_text())


def load() -> str:
    emails = {entry["author"] for entry in THREADS} | {
        answer["author"] for entry in THREADS for answer in entry["answers"]
    }
    members = User.objects.in_bulk(list(emails), field_name="email")
    created = 0
    for entry in THREADS:
        question, was_created = Question.objects.get_or_create(
            author=members.get(entry["author"]),
            title=entry["title"],
            defaults={"body": entry["body"], "search_query": entry["search_query"]},
        )
        if not was_created:
            continue
        created += 1
        question.tags.set(entry["tags"])
        for item in entry["answers"]:
            answer = Answer.objects.create(
                question=question, author=members.get(item["author"]), body=item["body"]
            )
            if item.get("accepted"):
                question.accepted_answer, question.accepted_at = answer, answer.created_at
        question.answer_count = len(entry["answers"])
        question.first_answer_at = question.answers.values_list("created_at", flat=True).first()
        question.save()
    return f"{len(THREADS)} community threads ({created} new)"

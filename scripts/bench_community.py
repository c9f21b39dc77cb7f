"""Benchmark community questions at scale: `make bench-community`.

Uses its own database (default `pmportal_bench_community`): the demo content, 2,000 synthetic
members, BENCH_QUESTIONS questions (200,000) and BENCH_ANSWERS answers (1,000,000), one thread
holding 200 of them, a tenth of the questions tagged "roadmap"; each step skipped when done.
Then a signed-in member requests the list (newest, unanswered, by tag, deep keyset page), the
200-answer thread and the combined FAQ search (common, rare, absent and typo'd words) through
Django's test client, several rounds, and prints p50/p95 of the server-side time and the queries
per request. Figures go to docs/performance.md by hand, with the machine and the date.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402

os.environ.setdefault(
    "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pmportal_bench_community"
)
benchlib.production_environment()

QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "200000"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
BIG_THREAD = 200
WORDS = (  # noqa: SIM905  (a paragraph reads better than 30 quoted words)
    "roadmap pricing stakeholder launch metrics onboarding retention hiring discovery "
    "interview churn budget okr backlog sprint design research partner sales marketing "
    "platform api growth experiment strategy vision leadership mentor career promotion"
).split()
SEARCHES = ["roadmap", "pricing experiment", "stakeholder launch budget", "zanzibar",
            "quokka budgeting", "rodmap", "onbaording retention", "first 90 days"]  # fmt: skip

# Seeding in SQL: 1.2 million rows through the ORM would take most of an hour; one INSERT …
# SELECT over generate_series takes seconds. Words come from a fixed list with a fixed seed.
SEED_QUESTIONS = """
SELECT setseed(0.42);
INSERT INTO community_question (author_id, title, body, rendered, status, has_link, created_at,
    search_query, answer_count, locked)
SELECT (SELECT array_agg(id) FROM members_user)[1 + (n::bigint * 7919) %% %(authors)s],
    'How do you handle ' || w[1 + n %% 29] || ' and ' || w[1 + n * 13 %% 29]
        || ' ' || n || '?',
    'We keep arguing about ' || w[1 + n * 17 %% 29] || ' when planning ' || w[1 + n * 3 %% 29],
    '', 'visible', false, now() - (n || ' minutes')::interval, '', 0, false
FROM generate_series(1, %(count)s) AS n, (SELECT %(words)s::text[] AS w) AS words;
"""
SEED_ANSWERS = """
SELECT setseed(0.24);
INSERT INTO community_answer (question_id, author_id, body, rendered, status, has_link, created_at,
    helpful_count)
SELECT CASE WHEN n <= %(big)s THEN %(big_id)s
            ELSE %(first)s + (floor(random() * %(questions)s))::int END,
    (SELECT array_agg(id) FROM members_user)[1 + (n::bigint * 104729) %% %(authors)s],
    'Start with the customer problem, then ' || n || ' small experiments.',
    '<p>Start with the customer problem, then ' || n || ' small experiments.</p>',
    'visible', false, now() - ((n %% 100000) || ' seconds')::interval, n %% 7
FROM generate_series(1, %(count)s) AS n;
UPDATE community_question AS q SET answer_count = a.n, first_answer_at = a.first
FROM (SELECT question_id, count(*) AS n, min(created_at) AS first
      FROM community_answer GROUP BY question_id) AS a
WHERE a.question_id = q.id;
"""
SEED_TAGS = """
INSERT INTO taggit_taggeditem (tag_id, object_id, content_type_id)
SELECT %(tag)s, id, %(content_type)s FROM community_question WHERE id %% 10 = 0;
"""


def prepare() -> None:
    benchlib.prepare(members=2000, events=0)
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from taggit.models import Tag

    from community.models import Answer, Question
    from members.models import User

    authors = User.objects.count()
    if Question.objects.count() < QUESTIONS:
        sys.stdout.write(f"[bench] seeding {QUESTIONS:,} questions…\n")
        with connection.cursor() as cursor:
            cursor.execute(SEED_QUESTIONS, {"authors": authors, "count": QUESTIONS, "words": WORDS})
            tag, _ = Tag.objects.get_or_create(slug="roadmap", defaults={"name": "roadmap"})
            content_type = ContentType.objects.get_for_model(Question).pk
            cursor.execute(SEED_TAGS, {"tag": tag.pk, "content_type": content_type})
    if Answer.objects.count() < ANSWERS:
        sys.stdout.write(f"[bench] seeding {ANSWERS:,} answers…\n")
        first = Question.objects.order_by("pk").values_list("pk", flat=True).first()
        params = {"big": BIG_THREAD, "big_id": first, "first": first + 1, "count": ANSWERS,
                  "questions": QUESTIONS - 1, "authors": authors}  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(SEED_ANSWERS, params)
            cursor.execute("ANALYZE community_question, community_answer, taggit_taggeditem")


def __getattr__(name):  # the URLconf is built lazily, after django.setup()
    if name == "urlpatterns":
        return benchlib.urlpatterns_with_bare_view()
    raise AttributeError(name)


def measure() -> tuple[list[tuple[str, float, float, int, float]], list[float]]:
    """Per URL: p50, p95, queries and the ratio of its p50 to the bare view's, each request
    followed by the bare view; and the bare view's p50 per URL."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import Question
    from members.models import User

    settings.ROOT_URLCONF = "scripts.bench_community"

    member = User.objects.filter(profile__is_synthetic=True).first()
    client = Client()
    client.force_login(member)
    ids = Question.objects.order_by("pk").values_list("pk", flat=True)
    first, middle = ids.first(), ids[QUESTIONS // 2]
    urls = [
        "/community/",
        "/community/?tab=unanswered",
        "/community/?tag=roadmap",
        f"/community/?before={middle}",
        f"/community/{first}/",
        *(f"/faq/search/?q={query.replace(' ', '+')}" for query in SEARCHES),
    ]

    def timed(url: str) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed, len(captured)

    timed("/bench/bare/")  # the client builds its middleware chain on its first request
    rows, references = [], []
    for url in urls:
        timings, bare, queries = [], [], 0
        for _ in range(ROUNDS):
            elapsed, queries = timed(url)
            timings.append(elapsed)
            bare.append(timed("/bench/bare/")[0])
        p50, reference = statistics.median(timings), statistics.median(bare)
        references.append(reference)
        rows.append((url, p50, benchlib.percentile(timings, 0.95), queries, p50 / reference))
    return rows, references


def main() -> None:
    prepare()
    from community.models import Answer, Question

    rows, references = measure()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    sys.stdout.write(
        f"\nCommunity at {Question.objects.count():,} questions and {Answer.objects.count():,} "
        f"answers, {ROUNDS} rounds each, server-side time through Django's test client "
        f"(signed-in member), load average {load}:\n\n"
        "| request | p50 ms | p95 ms | queries | p50 / reference p50 |\n|---|---:|---:|---:|---:|\n"
    )
    for url, p50, p95, queries, ratio in rows:
        sys.stdout.write(f"| `{url}` | {p50:.1f} | {p95:.1f} | {queries} | {ratio:.1f}x |\n")
    sys.stdout.write(
        "\nReference, a bare view behind the same stack, signed in, after each request: p50 "
        f"{min(references):.2f}-{max(references):.2f} ms over the URLs.\n"
    )
    worst = max(row[2] for row in rows)
    most = max(row[3] for row in rows)
    verdict = "met" if worst <= 50 and most <= 8 else "NOT met"
    sys.stdout.write(f"\nWorst p95 {worst:.1f} ms, most queries {most}: target {verdict}.\n")


if __name__ == "__main__":
    main()

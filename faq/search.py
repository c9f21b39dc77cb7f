"""FAQ search: PostgreSQL full-text search with typo tolerance, prefixes and synonyms.

How a query runs (at most three SQL statements, plus the log row):

1. The text is cut into words made of letters and digits only. Everything else (tsquery
   operators, quotes, backslashes, NUL) is dropped here, so no user character ever reaches
   PostgreSQL's query syntax; the tsquery we build is passed as a parameter, never formatted
   into SQL.
2. One query checks every word against `SearchTerm`, the dictionary of words that occur in the
   published FAQ: known words stay, the last word also matches as a prefix ("roadm" →
   `roadm:*`), unknown words are replaced by their nearest dictionary word by trigram
   similarity ("rodmap" → "roadmap").
3. Synonyms and spelling variants are OR-ed in ("imposter" → impostor, "KPI" → metric).
4. The stored, weighted `search_vector` (GIN index) is matched with every word required; when
   that finds nothing and there were several words, with any word, ranked (question A > tags
   B > answer C), so questions phrased as a person would still find the answer.
"""

import logging
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from psycopg import sql

from faq.models import SEARCH_CONFIG, Question, QuestionStatus, SearchLog, SearchTerm
from pmportal.cache import content_version
from pmportal.highlight import HEADLINE_MARKERS, highlight

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_WORDS = 10
MAX_WORD_CHARS = 40
MAX_RESULTS = 10
RECENT_SEARCHES = 500
# pg_trgm similarity a dictionary word needs to count as the intended word.
MIN_SIMILARITY = 0.4
# Shorter words are left as typed: "too" is not a typo of "tools".
MIN_CORRECTED_LENGTH = 4
# How much resembling the question's wording counts next to ts_rank (about 0.1-1); tuned on
# the relevance set in tests/faq/test_search.py.
TITLE_SIMILARITY_WEIGHT = 1.5
TITLE_SIMILARITY_FLOOR = 0.25
# Bonus for matching every word of the query (not a requirement: see _ranked).
ALL_WORDS_BONUS = 0.1
# Results matching only some words are kept when they rank at least this share of the best.
RELATIVE_RANK_FLOOR = 0.4

# Each group is one meaning: a word of a group also finds the others. A multi-word entry is a
# phrase whose words must all match ("product manager").
SYNONYM_GROUPS: list[tuple[str, ...]] = [
    ("impostor", "imposter"),
    ("kpi", "kpis", "metric", "metrics", "measure"),
    ("okr", "okrs", "objectives and key results"),
    ("pm", "pms", "product manager", "product management"),
    ("pmm", "product marketing manager"),
    ("mentor", "mentors", "mentoring", "mentorship", "coach", "coaching"),
    ("workload", "overwhelmed", "burnout", "overload", "busy"),
    ("roadmap", "roadmaps", "road map"),
    ("ceo", "chief executive"),
    ("skill", "skills", "competency", "competencies"),
    ("trait", "traits", "qualities", "characteristics"),
    ("leader", "leadership", "head of product", "vp"),
    ("launch", "launches", "release"),
    ("onboarding", "first 90 days"),
]
SYNONYMS: dict[str, list[str]] = {}
for group in SYNONYM_GROUPS:
    for term in group:
        if " " not in term:
            SYNONYMS[term] = [other for other in group if other != term]

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|preview|monitor|curl|wget|python-requests|"
    r"httpclient|go-http|scrapy|lighthouse",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W_]+")


def normalize_query(raw: str) -> str:
    """The query as it is logged and shown: no control characters, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split()).lower()[:MAX_QUERY_CHARS]


def words_of(text: str) -> list[str]:
    """Letters-and-digits words of a normalized query; nothing else survives."""
    # Single letters ("a", "I") carry no meaning and would match too many prefixes.
    return [w[:MAX_WORD_CHARS] for w in WORD.findall(text) if len(w) > 1][:MAX_WORDS]


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


@dataclass
class SearchOutcome:
    query: str
    results: list[Question] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    matched_all_words: bool = False
    message: str = ""
    # Filled by the view on first use, then served with the cached outcome.
    results_html: str | None = None

    @property
    def corrected_query(self) -> str:
        """The query with typos replaced, for "Showing results for …"."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in words_of(self.query))


_dictionary_memo: dict[str, object] = {"version": None, "words": frozenset()}


def _dictionary() -> frozenset[str]:
    """Every word of the published FAQ, held in process memory until the FAQ changes.

    A few thousand short strings; checking a word against it costs nothing, so only words
    that are really unknown go to the database for a trigram correction.
    """
    version = content_version()
    if _dictionary_memo["version"] != version:
        words = frozenset(SearchTerm.objects.values_list("word", flat=True))
        _dictionary_memo.update(version=version, words=words)
    return _dictionary_memo["words"]


def _nearest_words(words: list[str]) -> dict[str, str]:
    """unknown word → the most similar dictionary word (pg_trgm), for the words that have one.

    One round trip for all words; the `%` operator uses the trigram GIN index.
    """
    statement = sql.SQL("""
        SELECT q.word,
               (SELECT t.word FROM {table} t
                 WHERE t.word %% q.word AND similarity(t.word, q.word) >= %s
                 ORDER BY similarity(t.word, q.word) DESC, length(t.word), t.word LIMIT 1)
          FROM unnest(%s::text[]) AS q(word)
    """).format(table=sql.Identifier(SearchTerm._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, [MIN_SIMILARITY, words])
        return {word: nearest for word, nearest in cursor if nearest}


def _alternatives(term: str) -> str:
    """A tsquery fragment for one term (a word or a phrase of words), e.g. `(product & manager)`."""
    parts = term.split()
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def build_tsquery(words: list[str]) -> tuple[str, str, dict[str, str]]:
    """(all-words tsquery, any-word tsquery, corrections) for the sanitized `words`.

    Every operand is a word of letters and digits (from `words_of` or our own tables), so the
    text is valid tsquery syntax whatever the visitor typed.
    """
    dictionary = _dictionary()
    last = len(words) - 1

    def completes(index: int, word: str) -> bool:
        # The last word may still be being typed: it also matches as a prefix ("roadm").
        return index == last and any(known.startswith(word) for known in dictionary)

    unknown = [
        word
        for index, word in enumerate(words)
        if word not in dictionary
        and word not in SYNONYMS
        and len(word) >= MIN_CORRECTED_LENGTH
        and not completes(index, word)
    ]
    nearest = _nearest_words(unknown) if unknown else {}
    corrections: dict[str, str] = {}
    groups: list[str] = []
    for index, word in enumerate(words):
        options: list[str] = []
        if word in dictionary or word in SYNONYMS:
            options.append(word)
        if completes(index, word):
            options.append(f"{word}:*")
        if not options:
            if word in nearest:
                corrections[word] = nearest[word]
                options.append(nearest[word])
            else:
                options.append(word)
        for option in list(options):
            for synonym in SYNONYMS.get(option.removesuffix(":*"), []):
                options.append(_alternatives(synonym))
        unique = list(dict.fromkeys(options))
        groups.append(unique[0] if len(unique) == 1 else "(" + " | ".join(unique) + ")")
    return " & ".join(groups), " | ".join(groups), corrections


def _ranked(all_words: str, any_word: str, text: str):
    """Questions matching any word, best first, with highlighted question and answer snippets.

    One query. Matching every word earns a bonus rather than being required, so a question
    phrased as a person would ("what does a product manager do all day") still finds the
    answer that lacks one of its words; and resembling the question's wording (trigram
    similarity with the corrected query) counts too.
    """
    query = SearchQuery(any_word, search_type="raw", config=SEARCH_CONFIG)
    every_word = SearchQuery(all_words, search_type="raw", config=SEARCH_CONFIG)
    headline_options = {"config": SEARCH_CONFIG, **HEADLINE_MARKERS}
    return (
        Question.objects.published()
        .filter(search_vector=query)
        .select_related("category")
        # Results are kept in memory (search_questions): load only what the page shows.
        .only("slug", "question", "position", "category__name", "category__position")
        .annotate(
            matches_all=ExpressionWrapper(Q(search_vector=every_word), BooleanField()),
            rank=SearchRank(F("search_vector"), query)
            # Below the floor, resemblance is chance (shared "ing"s), not meaning.
            + TITLE_SIMILARITY_WEIGHT
            * Greatest(TrigramSimilarity("question", Value(text)) - TITLE_SIMILARITY_FLOOR, 0.0)
            + Case(When(matches_all=True, then=Value(ALL_WORDS_BONUS)), default=Value(0.0)),
            question_headline=SearchHeadline(
                "question", query, highlight_all=True, **headline_options
            ),
            answer_headline=SearchHeadline(
                "answer_text",
                query,
                max_words=26,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **headline_options,
            ),
        )
        .order_by("-rank", "category__position", "position", "pk")[:MAX_RESULTS]
    )


_recent: OrderedDict[tuple[str, str], SearchOutcome] = OrderedDict()
_recent_lock = threading.Lock()


def search_questions(raw_query: str) -> SearchOutcome:
    """Search the published FAQ. Never raises on what a visitor types.

    Outcomes are kept in process memory per content version (RECENT_SEARCHES, least recently
    used dropped first): popular searches repeat, and the FAQ changes rarely.
    """
    query = normalize_query(raw_query)
    key = (content_version(), query)
    with _recent_lock:  # threaded servers (runserver, gthread workers) share the dict
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    outcome = _search(query)
    with _recent_lock:
        _recent[key] = outcome
        if len(_recent) > RECENT_SEARCHES:
            _recent.popitem(last=False)
    return outcome


def _search(query: str) -> SearchOutcome:
    outcome = SearchOutcome(query=query)
    words = words_of(query)
    if not words:
        outcome.message = (
            "Type a word or two about what you want to know, for example “roadmap”."
            if not query
            else "We could not find any words to look for in that search. "
            "Try plain words, for example “first 90 days”."
        )
        return outcome
    all_words, any_word, outcome.corrections = build_tsquery(words)
    results = list(_ranked(all_words, any_word, outcome.corrected_query or query))
    if results:
        # Weak partial matches (one common word among many) are noise under good answers.
        floor = results[0].rank * RELATIVE_RANK_FLOOR
        results = [r for r in results if r.matches_all or r.rank >= floor]
    outcome.matched_all_words = any(r.matches_all for r in results)
    for question in results:
        question.question_headline = highlight(question.question_headline or question.question)
        question.answer_headline = highlight(question.answer_headline or "")
    outcome.results = results
    return outcome


def search_log(*, query: str, results: int, signed_in: bool) -> None:
    """Record one search for the owner's dashboard (no IP address, nothing identifying).

    The row is statistics, not a promise to anyone: the transaction does not wait for the WAL
    flush (`synchronous_commit = off`), which made the commit the slowest step of a search.
    A crash may lose the last fraction of a second of log rows; nothing else is written here.
    """
    if not query:
        return
    # set_config(..., true) lasts until the end of this transaction; in the same statement as
    # the INSERT, so logging costs one query.
    statement = sql.SQL("""
        INSERT INTO {table} (query, results, signed_in, created_at)
        SELECT %s, %s, %s, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS c
    """).format(table=sql.Identifier(SearchLog._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, [query, results, signed_in, timezone.now()])


def refresh_terms() -> None:
    """Rebuild the typo dictionary from the words of every published question.

    One statement; the FAQ has a few thousand distinct words, so this takes milliseconds and
    runs after every edit (faq/signals.py).
    """
    terms = sql.Identifier(SearchTerm._meta.db_table)
    questions = sql.Identifier(Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DELETE FROM {terms}").format(terms=terms))
        cursor.execute(
            sql.SQL("""
            INSERT INTO {terms} (word)
            SELECT DISTINCT word FROM (
                SELECT regexp_split_to_table(
                    lower(question || ' ' || tag_names || ' ' || answer_text), '[^[:alnum:]]+'
                ) AS word
                FROM {questions} WHERE status = %s
            ) AS words
            WHERE length(word) BETWEEN 2 AND 40
            """).format(terms=terms, questions=questions),
            [QuestionStatus.PUBLISHED.value],
        )

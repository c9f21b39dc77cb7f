"""FAQ search with typo tolerance, prefixes and synonyms, in two SQL statements at most
(docs/architecture.md). Only words of letters and digits (`words_of`) reach the tsquery."""

import functools
import logging
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.db.models.lookups import Exact
from psycopg import sql

from faq.models import SEARCH_CONFIG, Question, QuestionStatus, SearchLog, SearchTerm, Synonym
from pmportal.cache import content_version
from pmportal.highlight import HEADLINE_MARKERS, highlight
from pmportal.words import split_words

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_WORDS = 10
MAX_WORD_CHARS = 40
MAX_RESULTS = 10
RECENT_SEARCHES = 500
CANDIDATES = 10  # dictionary words considered for each unknown word
# Shorter words are left as typed: "too" is not a typo of "tools".
MIN_CORRECTED_LENGTH = 4
# Edits (a letter added, dropped, changed, or two neighbours swapped) a correction may need:
# one for words up to this length, two beyond.
ONE_EDIT_LENGTH = 5
# How much resembling the question's wording counts next to ts_rank (about 0.1-1); tuned on
# the relevance set in tests/faq/test_search.py.
TITLE_SIMILARITY_WEIGHT = 1.5
TITLE_SIMILARITY_FLOOR = 0.25
# Bonus for matching every word of the query (not a requirement: see _ranked).
ALL_WORDS_BONUS = 0.1
# Results matching only some words are kept when they rank at least this share of the best.
RELATIVE_RANK_FLOOR = 0.4


def normalize_query(raw: str) -> str:
    """The query as it is logged and shown: no control characters, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split()).lower()[:MAX_QUERY_CHARS]


def words_of(text: str) -> list[str]:
    """Letters-and-digits words of a normalized query; nothing else survives."""
    # Single letters ("a", "I") carry no meaning and would match too many prefixes.
    return [w[:MAX_WORD_CHARS] for w in split_words(text) if len(w) > 1][:MAX_WORDS]


@dataclass
class SearchOutcome:
    query: str
    results: list[Question] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    matched_all_words: bool = False
    message: str = ""
    # The all-words tsquery (typos corrected, synonyms in), for the other search sources:
    # threads holding any one of several words were a tenth of 200,000, and ranking them all
    # took 60-75 ms (docs/performance.md); the FAQ's own partial matches stay.
    tsquery: str = ""
    # Filled by the view on first use, then served with the cached outcome.
    results_html: str | None = None

    @property
    def corrected_query(self) -> str:
        """The query with typos replaced, for "Showing results for …"."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in words_of(self.query))


@functools.lru_cache(maxsize=1)
def _lexicon(version: object) -> tuple[dict[str, int], dict[tuple[str, ...], list[str]]]:
    """The FAQ's words (→ how often it uses each) and synonyms (("pm",) → ["(product & manager)"]),
    in memory until the content `version` changes: only unknown words go to the database."""
    synonyms = {}
    for term, expansions in Synonym.objects.values_list("term", "expansions"):
        fragments = (_alternatives(words_of(normalize_query(e))) for e in expansions.split(","))
        synonyms[tuple(words_of(normalize_query(term)))] = [f for f in fragments if f]
    return dict(SearchTerm.objects.values_list("word", "frequency")), synonyms


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swap counts once ("prodcut" → "product": 1)."""
    before, previous = [], list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def _allowed_edits(word: str) -> int:
    return 1 if len(word) <= ONE_EDIT_LENGTH else 2


def _corrections(words: list[str]) -> dict[str, str]:
    """unknown word → the FAQ word it most likely misspells: one Levenshtein query for the
    closest words, then the fewest edits, the FAQ's most used word ("mentr" → "mentor")."""
    queries = []
    for word in words:
        # Levenshtein counts a swap of neighbours as two edits: fetch up to twice the allowed.
        bound = 2 * _allowed_edits(word)
        distance = Func(
            "word",
            Value(word),
            Value(bound),
            function="levenshtein_less_equal",
            output_field=IntegerField(),
        )
        same_stem = Exact(
            SearchVector("word", config=SEARCH_CONFIG),
            SearchVector(Value(word), config=SEARCH_CONFIG),
        )
        queries.append(
            SearchTerm.objects.annotate(typed=Value(word), distance=distance, same_stem=same_stem)
            .filter(distance__lte=bound)
            .order_by("-same_stem", "distance", "-frequency")
            .values_list("typed", "word", "frequency", "same_stem")[:CANDIDATES]
        )
    best: dict[str, tuple[tuple[int, bool, int], str]] = {}
    for typed, word, frequency, same_stem in SearchTerm.objects.none().union(*queries, all=True):
        # "starting" is no typo when the FAQ says "started": the search matches stems.
        edits = 0 if same_stem else edit_distance(typed, word)
        if edits > _allowed_edits(typed):
            continue
        key = (edits, -frequency, not typed.startswith(word))
        if typed not in best or key < best[typed][0]:
            best[typed] = (key, word)
    # No edits: the FAQ has the word's stem, so it stays as typed.
    return {typed: word for typed, (key, word) in best.items() if key[0]}


def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    """A tsquery fragment for the words of a term, e.g. `(product & manager)`."""
    if len(words) < 2:
        return "".join(words)
    return "(" + " & ".join(words) + ")"


def _spans(words: list[str], synonyms: dict[tuple[str, ...], list[str]]) -> list[tuple[str, ...]]:
    """The query's words, one per span, except a phrase with synonyms ("head of product")."""
    spans = []
    while words:
        size = max((n for n in range(2, len(words) + 1) if tuple(words[:n]) in synonyms), default=1)
        spans.append(tuple(words[:size]))
        words = words[size:]
    return spans


def build_tsquery(words: list[str]) -> tuple[str, str, dict[str, str]]:
    """(all-words tsquery, any-word tsquery, corrections) for the sanitized `words`; the last
    also matches as a prefix ("roadm:*"), each term's synonyms are OR-ed in."""
    dictionary, synonyms = _lexicon(content_version())
    spans = _spans(words, synonyms)
    last = len(spans) - 1

    def completions(span: tuple[str, ...]) -> list[str]:
        if len(span) > 1:
            return []
        return [known for known in dictionary if known.startswith(span[0])]

    corrections: dict[str, str] = {}
    unknown = []
    for index, span in enumerate(spans):
        word = span[0]
        if span in synonyms or word in dictionary or len(word) < MIN_CORRECTED_LENGTH:
            continue
        # A word cut short: the last may still be being typed and matches as a prefix below;
        # an earlier one becomes its most used completion ("stakeh" → "stakeholder").
        if cut_short := completions(span):
            if index != last:
                corrections[word] = min(cut_short, key=lambda known: (-dictionary[known], known))
        else:
            unknown.append(word)
    if unknown:
        corrections |= _corrections(unknown)
    groups: list[str] = []
    for index, typed in enumerate(spans):
        span = (corrections[typed[0]],) if typed[0] in corrections and len(typed) == 1 else typed
        options = [_alternatives(span), *synonyms.get(span, [])]
        if index == last and completions(span):
            options.append(f"{span[0]}:*")
        unique = list(dict.fromkeys(options))
        groups.append(unique[0] if len(unique) == 1 else "(" + " | ".join(unique) + ")")
    return " & ".join(groups), " | ".join(groups), corrections


def _ranked(all_words: str, any_word: str, text: str):
    """Questions matching any word, best first, with snippets, in one query: matching every word
    earns a bonus, not a requirement, and resembling the wording counts too."""
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


def search_questions(raw_query: str) -> SearchOutcome:
    """Search the published FAQ; never raises on what a visitor types. Outcomes are kept in
    process memory per content version: popular searches repeat, and the FAQ changes rarely."""
    return _search(content_version(), normalize_query(raw_query))


@functools.lru_cache(maxsize=RECENT_SEARCHES)  # thread-safe, for threaded servers too
def _search(version: object, query: str) -> SearchOutcome:
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
    outcome.tsquery = all_words
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
    """Record one search for the owner's dashboard (no IP address, nothing identifying)."""
    if query:
        SearchLog.objects.create(query=query, results=results, signed_in=signed_in)


def refresh_terms() -> None:
    """The typo dictionary from the published questions' words, changed counts only (no dead
    rows). Raw SQL: the ORM cannot split text into rows for an INSERT … ON CONFLICT."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("""
            WITH fresh AS (
                SELECT word, count(*) AS frequency FROM (
                    SELECT regexp_split_to_table(
                        lower(question || ' ' || tag_names || ' ' || answer_text), '[^[:alnum:]]+'
                    ) AS word
                    FROM {questions} WHERE status = %s
                ) AS words
                WHERE length(word) BETWEEN 2 AND 40
                GROUP BY word
            ), gone AS (
                DELETE FROM {terms} WHERE word NOT IN (SELECT word FROM fresh)
            )
            INSERT INTO {terms} AS term (word, frequency) SELECT word, frequency FROM fresh
            ON CONFLICT (word) DO UPDATE SET frequency = excluded.frequency
            WHERE term.frequency <> excluded.frequency
            """).format(
                terms=sql.Identifier(SearchTerm._meta.db_table),
                questions=sql.Identifier(Question._meta.db_table),
            ),
            [QuestionStatus.PUBLISHED.value],
        )

"""The member directory's query layer: one bounded, indexed SQL statement per search.

What keeps it fast at 500,000 members (measured in docs/performance.md):

- Text search uses the stored `search_vector` (GIN). Names and city were indexed with the
  `simple` config and are queried with `simple` (weights A and C); headline, company, skills and
  bio with `english` (weights B and D). Mixing them up makes "bangalore" or "james" unfindable.
- Ranking only ever looks at the first `RANK_WINDOW` matches; counts and facets at the first
  `COUNT_CAP` rows. The page says "1,000+ members" instead of counting 400,000 rows.
- Browse orders (name, newest) page with a keyset cursor over a btree index: page 1,000 costs
  what page 1 costs. Ranked results stop at `MAX_PAGE`.
- Results, the capped count and the facets come back in ONE statement, so a signed-in search
  with filters stays within five queries even when the typo fallback needs a second round.
- How to read the index is decided in Python from the planner's word statistics, held per
  process (`WordShares`): words most members share walk the primary key instead of building a
  huge GIN bitmap, and a last-word prefix far more common than the other words is checked on
  the rows they find instead of being gathered from the index.
- Typo'd names ("jonh smiht") are corrected word by word against the `NameToken` dictionary
  (edit distance), then matched exactly on the name weight; skill words are corrected in Python
  against the curated skills list.
"""

import base64
import binascii
import bisect
import datetime as dt
import difflib
import functools
import json
import re
import time
from dataclasses import dataclass, field

import snowballstemmer
from django.contrib.postgres.search import (
    SearchQueryField,
    SearchRank,
)
from django.db import connections, router
from django.db.models import BooleanField, Expression, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.text import slugify

from members.models import Profile
from members.skills import PM_SKILLS

PAGE_SIZE = 20
COUNT_CAP = 1000
# The first matches that get ranked. Each costs a privacy check and a score, so the window is
# the count's own probe (1,001 rows): 2,000 cost twice as much for no visible gain.
RANK_WINDOW = COUNT_CAP + 1
MAX_PAGE = 50  # ranked pages stop here: OFFSET stays under 1,000
MAX_QUERY_WORDS = 8
MAX_TYPO_WORDS = 4

SORT_RELEVANCE, SORT_NAME, SORT_NEWEST = "relevance", "name", "newest"
RESULT_COLUMNS = [
    "id",
    "handle",
    "display_name",
    "headline",
    "role",
    "domains",
    "company",
    "city",
    "country",
    "skill_slugs",
    "years_in_product",
    "open_to_mentoring",
    "looking_for_mentor",
    "created_at",
]

LOADED_FIELDS = [f.attname for f in Profile._meta.concrete_fields if f.attname in RESULT_COLUMNS]

# PostgreSQL's english stop words (a subset that covers what people type): dropped from queries,
# because the `simple` half of a word's query would otherwise require "of" in a name or city.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have he her his i if in into is it its me my
    no not of on or our she so than that the their them then there these they this to was
    we were what when where which who will with you your""".split()  # noqa: SIM905
)
SKILL_NAMES = {slugify(name): name for name in PM_SKILLS}
SKILL_WORDS = sorted({word for name in PM_SKILLS for word in re.findall(r"\w+", name)})
WORD = re.compile(r"\w+", re.UNICODE)


def skill_label(slug: str) -> str:
    """The curated name for a skill slug ("ab-testing" → "a/b testing"), else the slug's words."""
    return SKILL_NAMES.get(slug, slug.replace("-", " "))


def words_of(text: str) -> list[str]:
    """Lower-case words of a query, stop words dropped; tsquery syntax cannot survive this."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) <= 50]
    return words[:MAX_QUERY_WORDS]


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "''") + "'"


class TextQuery(Expression):
    """Every word must match; the last one may be a prefix (results update as you type).

    A word matches the name or city exactly as written (`simple`, weights A and C) or the
    headline, company, skills or bio after stemming (`english`, weights B and D).

    The tsquery a tree of `SearchQuery` objects would build (two per word, joined by `||` and
    `&&`), as one expression of fixed SQL with the words as parameters: every search builds it,
    and resolving and compiling that tree was about a third of building a search statement.
    """

    output_field = SearchQueryField()

    def __init__(self, words: list[str], *, last_as_prefix: bool = True) -> None:
        super().__init__()
        self.words = list(words)
        self.last_as_prefix = last_as_prefix

    def as_sql(self, compiler, connection) -> tuple[str, list[str]]:
        parts, params = [], []
        for position, word in enumerate(self.words):
            last = position == len(self.words) - 1
            prefix = ":*" if self.last_as_prefix and last else ":"
            parts.append("(to_tsquery('simple', %s) || to_tsquery('english', %s))")
            params += [f"{_quoted(word)}{prefix}AC", f"{_quoted(word)}{prefix}BD"]
        return "(" + " && ".join(parts) + ")", params


def text_query(words: list[str], *, last_as_prefix: bool = True) -> TextQuery | None:
    return TextQuery(words, last_as_prefix=last_as_prefix) if words else None


def matches(query: TextQuery) -> Func:
    """Profiles whose `search_vector` matches the query (through the GIN index)."""
    return _infix(F("search_vector"), "@@", query)


@dataclass(frozen=True)
class Cursor:
    """Where a browse-order page starts: the sort key of the last row of the previous page."""

    key: str
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.key, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @property
    def moment(self) -> dt.datetime:
        """The key as an aware datetime (newest-first cursors); ValueError if it is not one."""
        moment = dt.datetime.fromisoformat(self.key)
        if moment.tzinfo is None:
            raise ValueError("not an aware datetime")
        return moment

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Raises ValueError on anything that is not a cursor this module made."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            key, pk = json.loads(raw)
        except (binascii.Error, ValueError, TypeError) as error:
            raise ValueError("not a cursor") from error
        if not isinstance(key, str) or not isinstance(pk, int) or len(key) > 200 or pk < 0:
            raise ValueError("not a cursor")
        return cls(key, pk)


@dataclass
class DirectorySearch:
    """A validated directory request (members/directory.py builds it from the GET form)."""

    q: str = ""
    roles: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    open_to_mentoring: bool = False
    looking_for_mentor: bool = False
    sort: str = ""
    page: int = 1
    after: Cursor | None = None

    @property
    def words(self) -> list[str]:
        return words_of(self.q)

    @property
    def effective_sort(self) -> str:
        if self.sort in {SORT_NAME, SORT_NEWEST}:
            return self.sort
        return SORT_RELEVANCE if self.words else SORT_NAME


@dataclass
class Facets:
    roles: dict[str, int]
    domains: dict[str, int]
    countries: list[tuple[str, int]]
    skills: list[tuple[str, int]]
    open_to_mentoring: int
    looking_for_mentor: int
    sampled: bool  # computed over the first COUNT_CAP matches only


@dataclass
class DirectoryPage:
    profiles: list[Profile]
    total: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP"
    facets: Facets
    sort: str
    page: int = 1
    next_cursor: Cursor | None = None
    has_next: bool = False
    corrected: bool = False  # results come from the typo fallback
    corrections: list[str] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def ranked_window_capped(self) -> bool:
        return self.sort == SORT_RELEVANCE and self.capped


def filtered(search: DirectorySearch) -> QuerySet:
    """Listed members matching the filters (not the words): privacy first, via `listed()`."""
    qs = Profile.objects.listed()
    if search.roles:
        qs = qs.filter(role__in=search.roles)
    if search.domains:
        qs = qs.filter(domains__overlap=search.domains)
    if search.countries:
        qs = qs.filter(country__in=search.countries)
    if search.skills:
        # text[] with a GIN index: `@>` (all selected skills), not a join through taggit.
        qs = qs.filter(skill_slugs__contains=search.skills)
    if search.open_to_mentoring:
        qs = qs.filter(open_to_mentoring=True)
    if search.looking_for_mentor:
        qs = qs.filter(looking_for_mentor=True)
    return qs


def spelling_variants(word: str) -> list[str]:
    """The word and every spelling of it with one letter left out.

    Matched against `NameToken.variants` (the same for each name word), two spellings meet
    when one slip apart: a letter dropped ("jon"), added ("johhn"), replaced ("jahn") or two
    swapped ("jonh" and "john" share "jon" and "joh"). (Symmetric deletion, as in SymSpell.)
    """
    return sorted({word} | {word[:i] + word[i + 1 :] for i in range(len(word))} - {""})


def swapped_spellings(word: str) -> list[str]:
    """The word with two neighbouring letters swapped, each way: a slip Levenshtein counts
    as two edits, ranked here as one."""
    return sorted({word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)})


# One word of a typo'd search: (its close name words on A) OR (the word itself on A or C).
# The close name words are one slip from the typed word, looked up in the `NameToken` dictionary
# by `members_close_names` (migration 0007): candidates from the GIN index on the dictionary's
# spelling variants, ranked by edit distance (a swap counts one), then by how many members use
# the word. Parameters: word, its spelling variants, its swapped spellings, edits, word.
TYPO_WORD_SQL = (
    "members_close_names(%s, %s::text[], %s::text[], %s) "
    "|| to_tsquery('simple', quote_literal(%s) || ':AC')"
)


def _typo_condition(words: list[str]) -> tuple[Func, list[str]]:
    """Match names after correcting each word against the name dictionary, and skill words.

    Each word becomes (its closest name words, one slip away, on weight A) OR (close skill
    words, on B) OR (the word itself anywhere). Returns the condition and the skill corrections.
    """
    parts, params, corrections = [], [], []
    for word in words[:MAX_TYPO_WORDS]:
        skills = difflib.get_close_matches(word, SKILL_WORDS, n=2, cutoff=0.75)
        corrections += [s for s in skills if s != word]
        # Short words allow one edit, longer ones two (a swap is two for Levenshtein).
        edits = 1 if len(word) <= 3 else 2
        part = TYPO_WORD_SQL
        params += [word, spelling_variants(word), swapped_spellings(word), edits, word]
        if skills:
            part += " || to_tsquery('english', %s)"
            params.append(" | ".join(f"{_quoted(s)}:*B" for s in skills))
        parts.append(f"({part})")
    # One scalar subquery: PostgreSQL computes it once (an InitPlan) and probes the GIN index
    # with the result, instead of re-running the dictionary lookups for every row.
    # Only fixed SQL fragments are joined here; every word travels as a parameter.
    tsquery = RawSQL(  # noqa: S611  # nosec B611  # sql-reviewed: fixed fragments, words as params
        f"(SELECT {' && '.join(parts)})", params, output_field=SearchQueryField()
    )
    return _infix(F("search_vector"), "@@", tsquery), corrections


def _infix(left, operator: str, right) -> Func:
    """`left <operator> right` as a boolean expression whose column references Django aliases
    (a hand-written "members_profile".column would point at the outer query in a subquery)."""
    return Func(
        left,
        right,
        template="%(expressions)s",
        arg_joiner=f" {operator} ",
        output_field=BooleanField(),
    )


def _row(*expressions) -> Func:
    return Func(*expressions, function="ROW")


def _rows_queryset(
    search: DirectorySearch, *, typo: bool
) -> tuple[QuerySet | None, QuerySet, list]:
    """(the page's rows, the candidate rows for count and facets, skill corrections).

    Ranked searches have no rows queryset: their rows come from the scored window itself.
    """
    base = filtered(search)
    words = search.words
    query = text_query(words) if words and not typo else None
    corrections: list[str] = []
    if typo:
        condition, corrections = _typo_condition(words)
        base = base.filter(condition)
    elif words:
        base = base.filter(_text_condition(words, query))
    sort = search.effective_sort
    if sort == SORT_RELEVANCE:
        # Scored while the window is fetched; `statement` ranks the window (RANKED_ROWS_SQL).
        if typo:
            # Closest full name first: fewest edits from what was typed. (Trigram similarity
            # ranked the same, at 10-20 us a row instead of ~1 us: 20 ms for a common name.)
            score = Value(0) - Func(
                Lower("display_name"),
                Value(" ".join(words)),
                function="levenshtein",
                output_field=IntegerField(),
            )
        else:
            score = SearchRank(F("search_vector"), query)
        return None, base.annotate(score=score), corrections
    rows = base
    if search.after is not None:
        # A row comparison walks the (key, id) btree from the cursor on: any depth, ~1 ms.
        if sort == SORT_NAME:
            keyset = _infix(
                _row(F("display_name"), F("id")),
                ">",
                _row(Value(search.after.key), Value(search.after.id)),
            )
        else:
            keyset = _infix(
                _row(F("created_at"), F("id")),
                "<",
                _row(Value(search.after.moment), Value(search.after.id)),
            )
        rows = rows.filter(keyset)
    order = ["display_name", "id"] if sort == SORT_NAME else ["-created_at", "-id"]
    rows = rows.order_by(*order)[: PAGE_SIZE + 1]
    return rows.values(*RESULT_COLUMNS), base, corrections


# One pass over the sample counts roles, countries and both mentoring flags (GROUPING SETS; g
# tells the sets apart: 1 = by role, 2 = by country, 3 = the whole sample); the arrays are
# unnested in the select list, half the cost of a lateral `FROM sample, unnest(...)` (skills
# over 1,000 profiles: 1.1 ms instead of 2.0). The facets travel as one JSON text that Python
# decodes once, not on each of the page's 21 rows that repeat it.
FACETS_SQL = """
WITH {exact}capped AS MATERIALIZED ({candidates}),
sample AS (SELECT * FROM capped LIMIT {cap}),
flat AS (
    SELECT GROUPING(role, country) AS g, role, country, count(*) AS n,
           count(*) FILTER (WHERE open_to_mentoring) AS open,
           count(*) FILTER (WHERE looking_for_mentor) AS seeking
    FROM sample GROUP BY GROUPING SETS ((role), (country), ())
),
stats AS (
    SELECT
        (SELECT count(*) FROM (SELECT 1 FROM capped LIMIT {cap} + 1) c) AS _total,
        json_build_object(
        'roles', (SELECT coalesce(json_object_agg(role, n), '{{}}')
           FROM flat WHERE g = 1 AND role <> ''),
        'domains', (SELECT coalesce(json_object_agg(d, n), '{{}}')
           FROM (SELECT d, count(*) AS n FROM (SELECT unnest(domains) AS d FROM sample) u
                 GROUP BY d) r),
        'countries', (SELECT coalesce(json_agg(json_build_array(country, n)
                                               ORDER BY n DESC, country), '[]')
           FROM (SELECT country, n FROM flat WHERE g = 2 AND country <> ''
                 ORDER BY n DESC, country LIMIT 12) r),
        'skills', (SELECT coalesce(json_agg(json_build_array(s, n) ORDER BY n DESC, s), '[]')
           FROM (SELECT s, count(*) AS n FROM (SELECT unnest(skill_slugs) AS s FROM sample) u
                 GROUP BY s ORDER BY n DESC, s LIMIT 15) r),
        'open', (SELECT coalesce(sum(open), 0) FROM flat WHERE g = 3),
        'seeking', (SELECT coalesce(sum(seeking), 0) FROM flat WHERE g = 3)
        )::text AS _facets{extra}
),
page AS (SELECT row_number() OVER () AS _position, rows.* FROM ({rows}) AS rows)
SELECT stats.*, page.* FROM stats LEFT JOIN page ON true ORDER BY page._position
"""


# The page is cut from the scored window first, so only its ~21 rows are looked up by key.
RANKED_ROWS_SQL = (
    "SELECT {columns} FROM (SELECT id, score FROM capped ORDER BY score DESC, id "
    "LIMIT {limit} OFFSET {offset}) AS best JOIN members_profile p ON p.id = best.id "
    "ORDER BY best.score DESC, p.id"
)


# A ranked search whose words the planner's statistics say at least this share of profiles
# contain takes its window by walking the primary key instead of the GIN index (see `_window`).
# Measured at 500,000 members: at 6% both cost the same, at 20% the walk is 5x cheaper
# (docs/performance.md).
WALK_SHARE = 0.08
# A last word's prefix in this many times more rows than the rarest other word is checked on
# the rows the other words find, not gathered from the index (`_text_condition`): reading a
# row costs about four times what gathering one from a prefix does.
PREFIX_AS_FILTER = 4
# Words outside the statistics are in fewer rows than about this share.
RARE_SHARE = 0.001
# How long a process trusts the word statistics it read. ANALYZE (autovacuum) refreshes them
# as the table changes, and shares of common words move slowly.
WORD_SHARES_MAX_AGE = 600.0

_english = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=4096)
def word_forms(word: str) -> frozenset[str]:
    """The lexemes a query word can match: itself (`simple`: names, city) and its English stem
    (headline, company, skills, bio), the Snowball stemmer PostgreSQL's `english` config uses."""
    return frozenset({word, _english.stemWord(word)})


class WordShares:
    """The share of profiles that contain each common word form of `search_vector`: the
    statistics ANALYZE keeps for the column (`most_common_elems`, lexemes in at least ~0.1% of
    rows), held by each process for `WORD_SHARES_MAX_AGE` seconds.

    When they are due, a directory statement brings them along as one more column (`SQL`), so
    reading them never costs a request a query of its own. Until a process has them, no search
    walks (the GIN way is right for most words).
    """

    SQL = (
        "(SELECT json_build_array(s.most_common_elems::text::text[], "
        "s.most_common_elem_freqs)::text FROM pg_stats AS s WHERE s.schemaname = "
        "current_schema() AND s.tablename = 'members_profile' AND s.attname = 'search_vector')"
    )
    READ_SQL = "SELECT " + SQL

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        # Sorted lexemes and their shares, replaced as one tuple (threads may read meanwhile).
        self._table: tuple[list[str], list[float]] = ([], [])
        self._read_at: float | None = None

    def due(self) -> bool:
        return self._read_at is None or time.monotonic() - self._read_at > WORD_SHARES_MAX_AGE

    def load(self, stats: str | None) -> None:
        """Take the `SQL` column's value (NULL when the table was never analysed)."""
        lexemes, shares = json.loads(stats) if stats else ([], [])
        # The frequencies list ends with the minimum and maximum: zip drops them.
        pairs = sorted(zip(lexemes or [], shares or [], strict=False))
        self._table = ([lexeme for lexeme, _ in pairs], [share for _, share in pairs])
        self._read_at = time.monotonic()

    def read(self) -> None:
        """Read them now, with a query of their own (tests, after seeding and ANALYZE)."""
        with connections[router.db_for_read(Profile)].cursor() as cursor:
            cursor.execute(self.READ_SQL)
            self.load(cursor.fetchone()[0])

    def share(self, word: str, *, prefix: bool) -> float:
        """The summed share of the word's forms (and of every lexeme they start, for the
        last word of a query, which matches as a prefix); 0 when none is common."""
        lexemes, shares = self._table
        found: set[int] = set()
        for form in word_forms(word):
            start = bisect.bisect_left(lexemes, form)
            end = start
            while end < len(lexemes) and (
                lexemes[end] == form or (prefix and lexemes[end].startswith(form))
            ):
                end += 1
            found.update(range(start, end))
        return sum(shares[i] for i in found)

    def prefix_outweighs(self, words: list[str]) -> bool:
        """Whether the last word's prefix is in `PREFIX_AS_FILTER` times more rows than the
        rarest other word (a word outside the statistics counts as `RARE_SHARE`)."""
        rarest = min(self.share(word, prefix=False) or RARE_SHARE for word in words[:-1])
        return self.share(words[-1], prefix=True) > PREFIX_AS_FILTER * rarest

    def any_common(self, words: list[str]) -> bool:
        """Whether any of the words (the last as a prefix) is among the common words."""
        last = len(words) - 1
        return any(self.share(word, prefix=i == last) for i, word in enumerate(words))

    def walk(self, words: list[str]) -> bool:
        """Whether the words are common enough for the walk: every word among the statistics
        and their shares, multiplied as the words are ANDed, at least `WALK_SHARE`."""
        combined = 1.0
        for position, word in enumerate(words):
            share = self.share(word, prefix=position == len(words) - 1)
            if not share:
                return False
            combined *= min(1.0, share)
        return bool(words) and combined >= WALK_SHARE


word_shares = WordShares()


def _window(search: DirectorySearch, window: QuerySet) -> tuple[str, list]:
    """The ranked window (`window`, unsliced) as SQL: the first `RANK_WINDOW` matches, found
    one of two ways.

    Few matches: the GIN bitmap finds them all cheaply. Tens of thousands ("data", "pri"):
    building that bitmap is most of the statement (77 of 87 ms for "data" at 500,000 members),
    while one profile in five matches, so walking the primary key with the words as a filter
    reaches 1,001 matches after ~5,000 rows. The planner's word statistics decide
    (`WordShares`, read every few minutes, not per request: reading and matching them in the
    statement cost ~1 ms of every word search). Filters other than words keep the GIN path:
    a rare country would make the walk long.

    An exact capped count (SEARCH_DESIGN.md's `LIMIT 5001` probe) would need the very bitmap
    it is meant to avoid, hence the statistics. Both ways take matches in primary-key order
    (the GIN way as the heap returns them, which for a seeded table is the same order).
    """
    if _walkable(search) and word_shares.walk(search.words):
        window = window.order_by("id")
    sql, params = window[:RANK_WINDOW].query.sql_with_params()
    return sql, list(params)


def _text_condition(words: list[str], query: TextQuery) -> Q | Func:
    """Profiles that contain the words: through the GIN index, but for a last word whose
    prefix is much more common than another word, only the other words go to the index.

    GIN gathers every row of every lexeme a prefix starts before it intersects: "smith:*" is
    ~33,000 rows at 500,000 members, 13.6 ms even when the first word ("jmes") matches nobody.
    Then the index takes the rarer words and the whole query is checked on the rows they find
    (`ts_match_vq`, the function behind `@@`, which no index serves). `query` is
    `text_query(words)`, built once for this condition and the ranking.
    """
    if len(words) < 2 or not word_shares.prefix_outweighs(words):
        return matches(query)
    rarer = text_query(words[:-1], last_as_prefix=False)
    return matches(rarer) & Func(
        F("search_vector"), query, function="ts_match_vq", output_field=BooleanField()
    )


def _walkable(search: DirectorySearch) -> bool:
    return bool(search.words) and not (
        search.roles
        or search.domains
        or search.countries
        or search.skills
        or search.open_to_mentoring
        or search.looking_for_mentor
    )


# A ranked search that may be misspelt: the words' own matches or, when there are none, the
# typo'd way's (`_typo_condition`), in one statement. The second branch's one-time filter is
# checked before the branch starts, so a search whose words match never runs its lookups.
EXACT_OR_CLOSE_SQL = (
    "SELECT * FROM exact UNION ALL SELECT * FROM ({close}) AS close "
    "WHERE NOT EXISTS (SELECT FROM exact)"
)


def statement(
    search: DirectorySearch,
    rows_qs: QuerySet | None,
    base: QuerySet,
    *,
    typo: bool = False,
    close: QuerySet | None = None,
) -> tuple[str, list]:
    """The one SQL statement behind a directory page: rows, capped count and facets.

    Ranked searches fetch and score the window once (`capped`, see `_window`); count
    and facets read its start, and the page's rows are the window's best, looked up by
    primary key. `close` (ranked searches only) is the typo'd way's scored rows, for when the
    words match nobody (`EXACT_OR_CLOSE_SQL`; the `_close` column says which way answered).
    """
    fields = ["id", "role", "domains", "country", "skill_slugs", "open_to_mentoring",
              "looking_for_mentor"]  # fmt: skip
    extra = f", {WordShares.SQL} AS _word_shares" if word_shares.due() else ""
    exact_sql = ""
    if rows_qs is None:
        window = base.values(*fields, "score")
        rows_sql = RANKED_ROWS_SQL.format(
            columns=", ".join(f'p."{column}"' for column in RESULT_COLUMNS),
            limit=PAGE_SIZE + 1,
            offset=(search.page - 1) * PAGE_SIZE,
        )
        rows_params: list = []
        if typo:
            candidates_sql, candidates_params = window[:RANK_WINDOW].query.sql_with_params()
        else:
            candidates_sql, candidates_params = _window(search, window)
        if close is not None:
            exact_sql = f"exact AS MATERIALIZED ({candidates_sql}), "
            close_window = close.values(*fields, "score")[:RANK_WINDOW]
            close_sql, close_params = close_window.query.sql_with_params()
            candidates_sql = EXACT_OR_CLOSE_SQL.format(close=close_sql)
            candidates_params = [*candidates_params, *close_params]
            extra += ", NOT EXISTS (SELECT FROM exact) AS _close"
    else:
        candidates = base.values(*fields)[: COUNT_CAP + 1]
        rows_sql, rows_params = rows_qs.query.sql_with_params()
        candidates_sql, candidates_params = candidates.query.sql_with_params()
    sql = FACETS_SQL.format(  # sql-reviewed: fixed fragments and ORM-compiled SQL, values as params
        exact=exact_sql, candidates=candidates_sql, rows=rows_sql, cap=COUNT_CAP, extra=extra
    )
    return sql, [*candidates_params, *rows_params]


def _run(search: DirectorySearch, *, typo: bool, or_close: bool = False) -> DirectoryPage:
    """One statement's page: the words' matches, the typo'd way's (`typo`), or the words'
    matches and, only when there are none, the typo'd way's (`or_close`, ranked searches)."""
    rows_qs, base, corrections = _rows_queryset(search, typo=typo)
    close = None
    if or_close:
        _, close, corrections = _rows_queryset(search, typo=True)
    sql, params = statement(search, rows_qs, base, typo=typo, close=close)
    # Raw statements bypass the router: ask it, so a configured read replica serves the search.
    with connections[router.db_for_read(Profile)].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        records = [dict(zip(names, record, strict=True)) for record in cursor.fetchall()]
    first = records[0]
    if "_word_shares" in first:
        word_shares.load(first["_word_shares"])
    total = first["_total"]
    corrected = bool(total) and (typo or bool(first.get("_close")))
    counts = json.loads(first["_facets"])
    facets = Facets(
        roles=counts["roles"],
        domains=counts["domains"],
        countries=[tuple(pair) for pair in counts["countries"]],
        skills=[tuple(pair) for pair in counts["skills"]],
        open_to_mentoring=counts["open"],
        looking_for_mentor=counts["seeking"],
        sampled=total > COUNT_CAP,
    )
    # from_db takes the values in the model's field order.
    profiles = [
        Profile.from_db(None, LOADED_FIELDS, [record[c] for c in LOADED_FIELDS])
        for record in records
        if record["_position"] is not None
    ]
    for profile in profiles:
        # Skills the search asked for first, then the rest: the card shows the first four.
        slugs = sorted(profile.skill_slugs, key=lambda slug: slug not in search.skills)
        profile.top_skills = [skill_label(slug) for slug in slugs[:4]]
    has_next = len(profiles) > PAGE_SIZE
    profiles = profiles[:PAGE_SIZE]
    sort = search.effective_sort
    result = DirectoryPage(
        profiles=profiles,
        total=total,
        facets=facets,
        sort=sort,
        page=search.page,
        corrected=corrected,
        corrections=corrections if corrected else [],
    )
    if sort == SORT_RELEVANCE:
        result.has_next = has_next and search.page < MAX_PAGE
    elif has_next:
        last = profiles[-1]
        key = last.display_name if sort == SORT_NAME else last.created_at.isoformat()
        result.has_next = True
        result.next_cursor = Cursor(key, last.id)
    return result


def directory_search(search: DirectorySearch) -> DirectoryPage:
    """One page of the directory: rows, capped count and facets, in one statement (two when a
    second try runs).

    When the words match nobody, they are taken as a possibly misspelt name or skill and
    matched through the dictionary (`_typo_condition`). A ranked first page whose words are
    all unknown to the planner's statistics of common words (a name, or a slip: "jonh smiht")
    asks for both ways in one statement, the second running only if the first finds nobody.
    Other searches, whose words are mostly found, try the dictionary in a second statement
    only when the first found nobody.
    """
    words = search.words
    may_be_misspelt = (
        bool(words) and search.page == 1 and search.after is None and len(words) <= MAX_TYPO_WORDS
    )
    if (
        may_be_misspelt
        and search.effective_sort == SORT_RELEVANCE
        and not word_shares.any_common(words)
    ):
        return _run(search, typo=False, or_close=True)
    result = _run(search, typo=False)
    if result.total == 0 and may_be_misspelt:
        fuzzy = _run(search, typo=True)
        if fuzzy.total:
            return fuzzy
    return result


def naive_search(search: DirectorySearch) -> tuple[list[Profile], int]:
    """The baseline the benchmark compares with: `icontains` over five columns, exact count,
    OFFSET pages. Never used by the site."""
    qs = filtered(search)
    for word in search.q.split():
        qs = qs.filter(
            Q(display_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(company__icontains=word)
            | Q(city__icontains=word)
            | Q(bio__icontains=word)
        )
    total = qs.count()
    offset = (search.page - 1) * PAGE_SIZE
    order = ["-created_at", "-id"] if search.sort == SORT_NEWEST else ["display_name", "id"]
    return list(qs.order_by(*order).only(*RESULT_COLUMNS)[offset : offset + PAGE_SIZE]), total

"""The member directory's search: the ORM and django.contrib.postgres over the stored, weighted
`Profile.search_vector` (GIN), in one query a page (docs/performance.md has the figures): the
first `COUNT_CAP` + 1 matches, counted ("1,000+ members") with their facets, and the page, ranked
among them or from a keyset cursor over a btree index (page 1,000 costs what page 1 costs). A
ranked search whose words find nobody falls back to close spellings of names (`typo_matches`).
"""

import base64
import binascii
import datetime as dt
import difflib
import json
import string
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import Lexeme, SearchQuery, SearchRank
from django.db import connections
from django.db.models import CharField, F, Func, IntegerField, Q, TextField, Value
from django.db.models.functions import Cast, Lower
from django.db.models.lookups import GreaterThan, LessThan

from members.models import NAME_CONFIG, TEXT_CONFIG, IsAnyOf, NameToken, Profile, ProfileQuerySet
from members.skills import SKILL_WORDS, skill_label
from pmportal.words import split_words

PAGE_SIZE = 20
COUNT_CAP = 1000
RANK_WINDOW = COUNT_CAP + 1  # ranked: the sample the count reads anyway (see `sample`)
MAX_PAGE = 50  # ranked pages stop here: they stay inside the ranked window
MAX_QUERY_WORDS = 8
MAX_TYPO_WORDS = 4

SORT_RELEVANCE, SORT_NAME, SORT_NEWEST = "relevance", "name", "newest"
# `user_id`: so a card can tell the viewer's own without a query.
CARD_FIELDS = ["handle", "display_name", "headline", "role", "company", "city", "country",
               "skill_slugs", "open_to_mentoring", "looking_for_mentor", "created_at",
               "user_id"]  # fmt: skip
# Dropped from queries: the `simple` half of a word's query would require "of" in a name.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have he her his i if in into is it its me my
    no not of on or our she so than that the their them then there these they this to was
    we were what when where which who will with you your""".split()  # noqa: SIM905
)
FACET_COLUMNS = ["role", "country", "domains", "skill_slugs", "open_to_mentoring",
                 "looking_for_mentor"]  # fmt: skip
# A card's fields in the model's order, as `Model.from_db` takes them.
LOADED = [f.attname for f in Profile._meta.concrete_fields if f.attname in {"id", *CARD_FIELDS}]


def words_of(text: str) -> list[str]:
    """Lower-case words of a query, accents and stop words dropped: "Álvarez" is `alvarez`."""
    words = split_words(text, drop_accents=True)
    words = [word for word in words if word not in STOP_WORDS and len(word) <= 50]
    return words[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class Cursor:
    """Where a browse-order page starts: the sort key and id of the previous page's last row."""

    key: str
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.key, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @property
    def moment(self) -> dt.datetime:
        """The key as an aware datetime (newest-first cursors); ValueError if it is not one."""
        if (moment := dt.datetime.fromisoformat(self.key)).tzinfo is None:
            raise ValueError("not an aware datetime")
        return moment

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """Raises ValueError on anything that is not a cursor this module made."""
        try:
            key, pk = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
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
    viewer_id: int | None = None  # the member searching (`ProfileQuerySet.seen_by`)

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
    roles: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    countries: list[tuple[str, int]] = field(default_factory=list)
    skills: list[tuple[str, int]] = field(default_factory=list)
    open_to_mentoring: int = 0
    looking_for_mentor: int = 0
    sampled: bool = False  # counted over the first COUNT_CAP + 1 matches only


@dataclass
class DirectoryPage:
    profiles: list[Profile]
    total: int  # exact up to COUNT_CAP; more means "more than COUNT_CAP"
    facets: Facets | None
    sort: str
    page: int = 1
    next_cursor: Cursor | None = None
    has_next: bool = False
    corrected: bool = False  # the results are close spellings of what was typed
    corrections: list[str] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP


def text_query(words: list[str]) -> SearchQuery:
    """Every word must match, as written (`simple`: names, city) or stemmed (`english`: the
    rest); the last also as a prefix of any word, as you type ("pri": Priya, pricing). Not a
    prefix of its stem too: that doubled the planner's estimate (docs/performance.md)."""
    query = None
    for position, word in enumerate(words):
        as_typed = Lexeme(word, prefix=position == len(words) - 1)
        either = SearchQuery(as_typed, config=NAME_CONFIG) | SearchQuery(
            Lexeme(word), config=TEXT_CONFIG
        )
        query = either if query is None else query & either
    return query


def one_slip_away(word: str) -> list[str]:
    """The word and every spelling one slip from it: a letter dropped, added or replaced, or
    two neighbours swapped (what a name lookup has to forgive)."""
    letters = set(string.ascii_lowercase) | set(word)
    halves = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    spellings = {word}
    spellings |= {a + b[1:] for a, b in halves if b}
    spellings |= {a + b[1] + b[0] + b[2:] for a, b in halves if len(b) > 1}
    spellings |= {a + c + b[1:] for a, b in halves if b for c in letters}
    spellings |= {a + c + b for a, b in halves for c in letters}
    return sorted(spellings - {""})


def typo_matches(qs: ProfileQuerySet, words: list[str]) -> tuple[ProfileQuerySet, list[str]]:
    """`qs` narrowed to members with, for each word, a name word one slip from it or a skill
    close to it, and the skills guessed. Only spellings found in `NameToken` go to the GIN index
    of `name_words` (given all of them, the planner scanned)."""
    corrections = []
    for word in words[:MAX_TYPO_WORDS]:
        spellings = Value(one_slip_away(word), output_field=ArrayField(CharField()))
        close_words = NameToken.objects.filter(IsAnyOf(F("token"), spellings)).values("token")
        close = Q(name_words__overlap=Cast(ArraySubquery(close_words), ArrayField(TextField())))
        skills = difflib.get_close_matches(word, SKILL_WORDS, n=2, cutoff=0.75)
        for skill in skills:
            close |= Q(search_vector=SearchQuery(Lexeme(skill, prefix=True), config=TEXT_CONFIG))
        corrections += [skill for skill in skills if skill != word]
        qs = qs.filter(close)
    return qs, corrections


# The capped sample, its facets and the page's cards in one statement: the ORM cannot read one
# MATERIALIZED CTE from several aggregates (a union() of values().annotate() ran the capped GIN
# scan once per facet), and counting 1,001 rows in Python cost more than the rest of the search
# (docs/performance.md). Only the ORM's own SQL goes in; its values stay bound.
# The facets come as text, repeated on each of the page's rows: Python parses the first only.
SAMPLE_SQL = """WITH capped AS MATERIALIZED ({capped}) SELECT * FROM (SELECT count(*),
count(*) FILTER (WHERE open_to_mentoring), count(*) FILTER (WHERE looking_for_mentor),
(SELECT json_object_agg(k, n)::text FROM (SELECT role k, count(*) n FROM capped GROUP BY 1) g),
(SELECT json_object_agg(k, n)::text FROM (SELECT country k, count(*) n FROM capped GROUP BY 1) g),
(SELECT json_object_agg(k, n)::text FROM (SELECT unnest(domains) k, count(*) n FROM capped GROUP BY 1) g),
(SELECT json_object_agg(k, n)::text FROM (SELECT unnest(skill_slugs) k, count(*) n FROM capped GROUP BY 1) g)
FROM capped) facets LEFT JOIN LATERAL ({page}) page ON true"""  # noqa: E501
RANKED = "SELECT * FROM capped ORDER BY score DESC, id LIMIT %s OFFSET %s"  # cards come first


def sample(matches, *, score=None, start=0, page=None) -> tuple[int, Facets, list[Profile]]:
    """How many of the first `COUNT_CAP` + 1 matches, their facets, and a page of cards: best
    `score` first from `start` among them, or the first rows of the browse queryset `page`."""
    columns = ["id", *FACET_COLUMNS]
    if score is not None:
        matches, columns = matches.annotate(score=score), [*LOADED, "domains", "score"]
        page_sql, page_params = RANKED, (PAGE_SIZE + 1, start)
    else:
        page_sql, page_params = _compiled(page.values_list(*LOADED)[: PAGE_SIZE + 1])
    capped, params = _compiled(matches.values_list(*columns)[: COUNT_CAP + 1])
    # On the database the router chose for these reads (the replica in a marked request).
    with connections[matches.db].cursor() as cursor:
        sql = SAMPLE_SQL.format(capped=capped, page=page_sql)  # nosec B608
        cursor.execute(sql, (*params, *page_params))  # the ORM's SQL; its values stay bound
        rows = cursor.fetchall()
    total, mentoring, seeking, *counts = rows[0][:7]
    roles, countries, domains, skills = (json.loads(text or "{}") for text in counts)
    facets = Facets(
        roles={key: n for key, n in roles.items() if key},
        domains=domains,
        countries=_top(countries, 12),
        skills=_top(skills, 15),
        open_to_mentoring=mentoring,
        looking_for_mentor=seeking,
        sampled=total > COUNT_CAP,
    )
    cards = [row[7 : 7 + len(LOADED)] for row in rows if row[7]]
    profiles = [Profile.from_db(matches.db, LOADED, values) for values in cards]
    return total, facets, profiles


def _compiled(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(queryset.db).as_sql()


def _top(counts: dict[str, int], how_many: int) -> list[tuple[str, int]]:
    ordered = sorted((-n, key) for key, n in counts.items() if key)
    return [(key, -n) for n, key in ordered[:how_many]]


def browsed(matches: ProfileQuerySet, sort: str, after: Cursor | None) -> ProfileQuerySet:
    """Browse order from a keyset cursor: `ROW(key, id) > ROW(…)` starts the btree
    walk at the cursor itself, even among a thousand members of the same name."""
    field, compare = (
        ("display_name", GreaterThan) if sort == SORT_NAME else ("created_at", LessThan)
    )
    if after is not None:
        start = (after.key if sort == SORT_NAME else after.moment, after.id)
        matches = matches.filter(compare(row(F(field), F("pk")), row(*map(Value, start))))
    order = [field, "pk"] if sort == SORT_NAME else [f"-{field}", "-pk"]
    return matches.order_by(*order)


def row(*expressions) -> Func:
    return Func(*expressions, function="ROW", output_field=TextField())


def name_distance(words: list[str]) -> Func:
    """Edit distance between a member's name, accents dropped, and what was typed."""
    name, typed = Unaccent(Lower("display_name")), Value(" ".join(words))
    return Func(name, typed, function="levenshtein", output_field=IntegerField())


def directory_search(search: DirectorySearch) -> DirectoryPage:
    """One page in one statement (`sample`: count, facets and the page's cards). A ranked
    search whose words find nobody takes a second, from `typo_matches`."""
    words, sort = search.words, search.effective_sort
    filtered = Profile.objects.listed().with_filters(search)
    query = text_query(words) if words else None
    matches = filtered.filter(search_vector=query) if query is not None else filtered
    rank = SearchRank(F("search_vector"), query) if sort == SORT_RELEVANCE else None
    start = (search.page - 1) * PAGE_SIZE
    page = None if rank is not None else browsed(matches, sort, search.after)
    total, facets, rows = sample(matches, score=rank, start=start, page=page)
    corrected, corrections = False, []
    if not total and sort == SORT_RELEVANCE and len(words) <= MAX_TYPO_WORDS:
        # Nobody: perhaps a misspelt name or skill.
        typos, corrections = typo_matches(filtered, words)
        total, facets, rows = sample(typos, score=Value(0) - name_distance(words), start=start)
        corrected = bool(total)
    result = DirectoryPage([], total, facets, sort, search.page, corrected=corrected)
    if not total:
        return result
    result.corrections = corrections
    result.profiles = rows[:PAGE_SIZE]
    result.has_next = len(rows) > PAGE_SIZE
    for profile in result.profiles:
        # Skills the search asked for first, then the rest: the card shows the first four.
        slugs = sorted(profile.skill_slugs, key=lambda slug: slug not in search.skills)
        profile.top_skills = [skill_label(slug) for slug in slugs[:4]]
    if sort == SORT_RELEVANCE:
        result.has_next = result.has_next and search.page < MAX_PAGE
    elif result.has_next:
        last = result.profiles[-1]
        key = last.display_name if sort == SORT_NAME else last.created_at.isoformat()
        result.next_cursor = Cursor(key, last.pk)
    return result

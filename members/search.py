"""The member directory's search: the ORM and django.contrib.postgres over the stored, weighted
`Profile.search_vector` (GIN), in two queries a page (docs/performance.md has the figures).

One query reads the first `COUNT_CAP` + 1 matches: their count ("1,000+ members"), their facets
and, for a ranked search, their scores; the page's rows are then read by key. Browse orders
page with a keyset cursor over a btree index, so page 1,000 costs what page 1 costs. A ranked
search whose words find nobody falls back to close spellings of names (`typo_matches`).
"""

import base64
import binascii
import datetime as dt
import difflib
import json
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import Lexeme, SearchQuery, SearchRank
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Lower, NullIf

from members.models import IsAnyOf, NameToken, Profile, ProfileQuerySet
from members.skills import SKILL_WORDS, skill_label

PAGE_SIZE = 20
COUNT_CAP = 1000
RANK_WINDOW = COUNT_CAP + 1  # ranked: the sample the count reads anyway (see `sample`)
MAX_PAGE = 50  # ranked pages stop here: they stay inside the ranked window
MAX_QUERY_WORDS = 8
MAX_TYPO_WORDS = 4

SORT_RELEVANCE, SORT_NAME, SORT_NEWEST = "relevance", "name", "newest"
CARD_FIELDS = ["handle", "display_name", "headline", "role", "company", "city", "country",
               "skill_slugs", "open_to_mentoring", "looking_for_mentor", "created_at"]  # fmt: skip
# Dropped from queries: the `simple` half of a word's query would require "of" in a name.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have he her his i if in into is it its me my
    no not of on or our she so than that the their them then there these they this to was
    we were what when where which who will with you your""".split()  # noqa: SIM905
)
FACET_COLUMNS = ["role", "country", "domains", "skill_slugs", "open_to_mentoring",
                 "looking_for_mentor"]  # fmt: skip


def words_of(text: str) -> list[str]:
    """Lower-case words of a query, stop words dropped: query syntax becomes plain words."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS and len(w) <= 50]
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
    """Every word must match, the last one as a prefix (results update as you type); each word
    as written (`simple`: names, city) or stemmed (`english`: headline, company, skills, bio)."""
    query = None
    for position, word in enumerate(words):
        lexeme = Lexeme(word, prefix=position == len(words) - 1)
        either = SearchQuery(lexeme, config="simple") | SearchQuery(lexeme, config="english")
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
    close to it; and the skills it guessed. The spellings one slip away (hundreds) are looked up
    in the `NameToken` dictionary (unique btree); the few that exist go to the GIN index of
    `name_words` (given all of them, the planner expected so many rows that it scanned)."""
    corrections = []
    for word in words[:MAX_TYPO_WORDS]:
        spellings = Value(one_slip_away(word), output_field=ArrayField(CharField()))
        close_words = NameToken.objects.filter(IsAnyOf(F("token"), spellings)).values("token")
        close = Q(name_words__overlap=Cast(ArraySubquery(close_words), ArrayField(TextField())))
        skills = difflib.get_close_matches(word, SKILL_WORDS, n=2, cutoff=0.75)
        for skill in skills:
            close |= Q(search_vector=SearchQuery(Lexeme(skill, prefix=True), config="english"))
        corrections += [skill for skill in skills if skill != word]
        qs = qs.filter(close)
    return qs, corrections


def sample(matches, *, query=None, typos=None, words=()) -> tuple[DirectoryPage, list[int]]:
    """The first `COUNT_CAP` + 1 matches in one query: their count, facets and, for a ranked
    search, their ids best first. Facets are counted here: grouping the sample once per facet
    in PostgreSQL (a `union()`) read the same rows three times (docs/performance.md). With
    `typos`, the sample is the exact matches or, only when there are none (`COALESCE`), the
    typo'd ones, closest name first."""
    scores = {}
    if query is not None:
        scores["rank"] = SearchRank(F("search_vector"), query)
    if typos is not None:
        exact_ids = ArraySubquery(matches.values("pk")[: COUNT_CAP + 1])
        typo_ids = ArraySubquery(typos.values("pk")[: COUNT_CAP + 1])
        matches = Profile.objects.among(Coalesce(NullIf(exact_ids, Value([])), typo_ids))
        scores["exact"] = ExpressionWrapper(Q(search_vector=query), output_field=BooleanField())
        scores["distance"] = name_distance(words)
    columns = ["pk", *FACET_COLUMNS, *scores]
    rows = list(matches.annotate(**scores).values_list(*columns)[: COUNT_CAP + 1])
    page = DirectoryPage([], len(rows), Facets(sampled=len(rows) > COUNT_CAP), "")
    if not rows:
        return page, []
    found = dict(zip(columns, zip(*rows, strict=True), strict=True))
    page.facets.roles = {key: n for key, n in Counter(found["role"]).items() if key}
    page.facets.domains = dict(Counter(chain.from_iterable(found["domains"])))
    page.facets.countries = _top(Counter(found["country"]), 12)
    page.facets.skills = _top(Counter(chain.from_iterable(found["skill_slugs"])), 15)
    page.facets.open_to_mentoring = sum(found["open_to_mentoring"])
    page.facets.looking_for_mentor = sum(found["looking_for_mentor"])
    if not found.get("exact", [True])[0]:
        page.corrected = True
        return page, [pk for _, pk in sorted(zip(found["distance"], found["pk"], strict=True))]
    if query is None:
        return page, []
    best = sorted(
        zip(found["rank"], found["pk"], strict=True), key=lambda pair: (-pair[0], pair[1])
    )
    return page, [pk for _, pk in best]


def _top(counts: Counter, how_many: int) -> list[tuple[str, int]]:
    ordered = sorted((-n, key) for key, n in counts.items() if key)
    return [(key, -n) for n, key in ordered[:how_many]]


def by_key(ids: list[int]) -> list[Profile]:
    """The cards of these profiles, in this order."""
    profiles = Profile.objects.filter(pk__in=ids).only(*CARD_FIELDS).in_bulk()
    return [profiles[pk] for pk in ids if pk in profiles]


def browsed(matches: ProfileQuerySet, sort: str, after: Cursor | None) -> list[Profile]:
    """A browse-order page from a keyset cursor: the btree walk starts at the cursor."""
    if sort == SORT_NAME:
        if after is not None:
            matches = matches.filter(display_name__gte=after.key)
            matches = matches.exclude(display_name=after.key, pk__lte=after.id)
        ordered = matches.order_by("display_name", "pk")
    else:
        if after is not None:
            matches = matches.filter(created_at__lte=after.moment)
            matches = matches.exclude(created_at=after.moment, pk__gte=after.id)
        ordered = matches.order_by("-created_at", "-pk")
    return list(ordered.only(*CARD_FIELDS)[: PAGE_SIZE + 1])


def name_distance(words: list[str]) -> Func:
    """Edit distance between a member's name and what was typed (`fuzzystrmatch`)."""
    typed = Value(" ".join(words))
    return Func(Lower("display_name"), typed, function="levenshtein", output_field=IntegerField())


def directory_search(search: DirectorySearch) -> DirectoryPage:
    """One page of the directory in two queries: the sample (count, facets, ranking), then
    the page's rows.

    A ranked search whose words find nobody is taken as a misspelt name or skill and
    answered by `typo_matches` instead.
    """
    words, sort = search.words, search.effective_sort
    matches = Profile.objects.listed().with_filters(search)
    query = text_query(words) if words else None
    if query is not None:
        matches = matches.filter(search_vector=query)
    typos, corrections = None, []
    if sort == SORT_RELEVANCE and len(words) <= MAX_TYPO_WORDS:
        typos, corrections = typo_matches(Profile.objects.listed().with_filters(search), words)
    result, ranked_ids = sample(matches, query=query, typos=typos, words=words)
    result.sort, result.page = sort, search.page
    if not result.total:
        return result
    if result.corrected:
        result.corrections = corrections
    if sort == SORT_RELEVANCE:
        start = (search.page - 1) * PAGE_SIZE
        rows = by_key(ranked_ids[start : start + PAGE_SIZE + 1])
    else:
        rows = browsed(matches, sort, search.after)
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

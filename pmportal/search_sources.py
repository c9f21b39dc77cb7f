"""More places the one search box looks, after the FAQ's own answers.

The FAQ knows none of the apps that register here (faq imports neither resources nor
community): each app adds a source from its AppConfig.ready(), and the FAQ search page shows
what they find, labelled, below its answers. A source is a function (query, user) → a queryset
of `Hit.COLUMNS`, ranked best first and sliced: all sources go to the database as one UNION, so
the page costs one query more however many apps register. The query is the FAQ's own tsquery
(typos corrected, synonyms expanded), every word required, as a `SearchQuery`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast
from django.utils.safestring import SafeString

from pmportal.highlight import HEADLINE_MARKERS, highlight

CONFIG = "english"
PER_SOURCE = 5


@dataclass(frozen=True)
class Source:
    label: str
    find: Callable  # (query: SearchQuery, user) -> queryset of Hit.COLUMNS, or None
    url: Callable[[str], str]  # key -> path


@dataclass
class Hit:
    COLUMNS = ("hit_source", "hit_key", "hit_title", "hit_snippet", "hit_rank")
    label: str
    url: str
    title: SafeString
    snippet: SafeString


_sources: dict[str, Source] = {}


def register(label: str, find: Callable, url: Callable[[str], str]) -> None:
    _sources[label] = Source(label, find, url)


def annotate_hits(queryset, query: SearchQuery, *, label: str, key: str, title: str, text: str):
    """The source's queryset as `Hit.COLUMNS`: highlighted title and snippet, rank, best first."""
    options = {"config": CONFIG, **HEADLINE_MARKERS}
    return (
        queryset.filter(search_vector=query)
        .annotate(
            hit_source=Value(label),
            hit_key=Cast(key, CharField()),
            hit_title=SearchHeadline(title, query, highlight_all=True, **options),
            hit_snippet=SearchHeadline(text, query, max_words=26, min_words=12, **options),
            hit_rank=SearchRank(F("search_vector"), query),
        )
        .order_by("-hit_rank", "hit_key")
        .values_list(*Hit.COLUMNS)[:PER_SOURCE]
    )


def search_others(tsquery: str, user) -> list[tuple[str, list[Hit]]]:
    """[(label, hits)] in registration order, for the sources that found something."""
    if not tsquery or not _sources:
        return []
    query = SearchQuery(tsquery, search_type="raw", config=CONFIG)
    found = [qs for source in _sources.values() if (qs := source.find(query, user)) is not None]
    if not found:
        return []
    # Each part keeps its own order and slice; the UNION itself is left unordered.
    rows = list(found[0].union(*found[1:], all=True).order_by()) if found[1:] else found[0]
    grouped: dict[str, list[Hit]] = {}
    for label, key, title, snippet, _rank in rows:
        url = _sources[label].url(key)
        grouped.setdefault(label, []).append(Hit(label, url, highlight(title), highlight(snippet)))
    return [(label, grouped[label]) for label in _sources if label in grouped]

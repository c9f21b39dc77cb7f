"""The read layer of the library. Access lives here, so a view cannot forget it."""

import difflib
import re
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.postgres.search import Lexeme, SearchHeadline, SearchQuery, SearchRank
from django.db import models
from django.db.models import BooleanField, Case, Exists, F, Value, When
from django.utils import timezone

from pmportal.highlight import HEADLINE_MARKERS
from pmportal.words import split_words

if TYPE_CHECKING:
    from members.models import User

DEDUPE_WINDOW = timedelta(hours=24)


def search_query(text: str) -> SearchQuery | None:
    """websearch_to_tsquery of the text, OR all its words with a prefix match on the last one
    (so "roadm" finds "roadmaps" while typing). None when nothing searchable is left."""
    words = split_words(text)[:12]
    if not words:
        return None
    websearch = SearchQuery(text, search_type="websearch", config="english")
    if '"' in text or " or " in f" {text.lower()} " or re.search(r"(^|\s)-\w", text):
        # Quotes, OR and -exclusions mean the person wrote a query: respect it exactly.
        return websearch
    lexemes = Lexeme(words[-1], prefix=True)
    for word in reversed(words[:-1]):
        lexemes = Lexeme(word) & lexemes
    return websearch | SearchQuery(lexemes, config="english")


# A word is corrected only when it is this close to a word of the library (difflib's ratio:
# "rodmap" → "roadmap" is 0.92, "pricng" → "pricing" 0.92) and long enough to mean something.
TYPO_CUTOFF = 0.8
TYPO_MIN_LENGTH = 4


def corrected_search_text(text: str, vocabulary: set[str]) -> str:
    """`text` with each unknown word replaced by the closest word of `vocabulary` ("" when none
    changed); only after a search found nothing, off the usual path."""
    words = split_words(text)[:12]
    corrected = []
    for word in words:
        close = []
        if word not in vocabulary and len(word) >= TYPO_MIN_LENGTH:
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=TYPO_CUTOFF)
        corrected.append(close[0] if close else word)
    return " ".join(corrected) if corrected != words else ""


class ResourceQuerySet(models.QuerySet):
    def published(self) -> "ResourceQuerySet":
        """Published and not scheduled for later."""
        return self.filter(status="published", published_on__lte=timezone.localdate())

    def visible_to(self, user: "User") -> "ResourceQuerySet":
        """What this person may see a page for: published resources; staff also see drafts
        (to preview them). Members-only resources are visible (as a teaser) to everyone."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def for_user(self, user: "User", *, verified: bool | None = None) -> "ResourceQuerySet":
        """Visible resources with `can_download`: public files for anyone, members-only for
        staff and verified members (checked in the same query unless `verified` is given)."""
        if not user.is_authenticated or user.is_staff or verified is not None:
            members_allowed = Value(user.is_authenticated and (user.is_staff or bool(verified)))
        else:
            from allauth.account.models import EmailAddress

            members_allowed = Exists(EmailAddress.objects.filter(user=user, verified=True))
        return self.visible_to(user).annotate(
            can_download=Case(
                When(access="public", then=Value(True)),
                default=members_allowed,
                output_field=BooleanField(),
            )
        )

    def of_kind(self, kind: str) -> "ResourceQuerySet":
        return self.filter(kind=kind) if kind else self

    def tagged(self, slug: str) -> "ResourceQuerySet":
        # The array copy with its GIN index, not a join through taggit.
        return self.filter(tag_slugs__contains=[slug]) if slug else self

    def in_series(self, slug: str) -> "ResourceQuerySet":
        return self.filter(series__slug=slug) if slug else self

    def vocabulary(self) -> set[str]:
        """Every word of these resources' titles, summaries, topics and authors (one query)."""
        words: set[str] = set()
        for row in self.values_list("title", "summary", "tag_text", "authors"):
            words.update(split_words(" ".join(row)))
        return words

    def search(self, text: str) -> "ResourceQuerySet":
        """Full-text search on the stored, weighted vector, best match first."""
        query = search_query(text)
        if query is None:
            return self.none()
        return (
            self.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                summary_headline=SearchHeadline(
                    "summary", query, config="english", highlight_all=True, **HEADLINE_MARKERS
                ),
            )
            .order_by("-rank", "-published_on", "-id")
        )

    def newest(self) -> "ResourceQuerySet":
        return self.order_by("-published_on", "-id")

    def most_downloaded(self) -> "ResourceQuerySet":
        return self.order_by("-member_downloads", "-published_on", "-id")

    def for_cards(self) -> "ResourceQuerySet":
        """Only what a card shows (no body or transcript), with the series in the same query."""
        return self.select_related("series").defer("body", "transcript")

    def in_library_of(self, user: "User") -> "ResourceQuerySet":
        """What the member downloaded, most recent first, with `last_downloaded_at`."""
        return (
            self.filter(downloads__member=user)
            .annotate(last_downloaded_at=models.Max("downloads__created_at"))
            .order_by("-last_downloaded_at")
        )


class DownloadEventQuerySet(models.QuerySet):
    def recent(self, *, now=None) -> "DownloadEventQuerySet":
        """Within the deduplication window (24 hours)."""
        return self.filter(created_at__gte=(now or timezone.now()) - DEDUPE_WINDOW)

    def unique_members(self) -> int:
        return self.exclude(member=None).values("member").distinct().count()

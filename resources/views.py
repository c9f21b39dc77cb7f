"""Catalogue, detail pages, gated downloads, covers and "My library"."""

import logging
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Func, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from taggit.models import Tag

from pmportal.cache import cache_for_visitors
from resources.forms import ResourceFilterForm
from resources.models import DownloadEvent, Resource, ResourceKind
from resources.querysets import corrected_search_text
from resources.recommend import recommendations_for
from resources.services import download_record, visitor_key
from resources.serving import PrivateFileResponse, file_response, from_the_start
from resources.storage import is_safe_name, private_storage

logger = logging.getLogger(__name__)

PER_PAGE = 12
# How much of a members-only transcript a visitor reads before the invitation to join.
TEASER_WORDS = 110
# The library shows the most recent downloads; no count query, no pages.
LIBRARY_LIMIT = 100


def tag_choices() -> list[tuple[str, str]]:
    """Topics of published resources, from their `tag_slugs`: taggit's item table holds every
    member's skills too (126 ms at 500,000 members, against under 1 ms)."""
    used = (
        Resource.objects.published()
        .annotate(used_slug=Func(F("tag_slugs"), function="unnest"))
        .values("used_slug")
    )
    return list(Tag.objects.filter(slug__in=used).order_by("name").values_list("slug", "name"))


@require_safe
@cache_for_visitors()
def index(request: HttpRequest) -> HttpResponse:
    form = ResourceFilterForm(request.GET, tag_choices=tag_choices())
    form.is_valid()
    values = {name: form.value(name) for name in ("q", "kind", "tag", "series", "sort")}
    values["q"] = values["q"].strip()
    query, kind, tag, series, sort = values.values()
    catalogue = Resource.objects.published().of_kind(kind).tagged(tag).in_series(series)
    page = _catalogue_page(request, catalogue, query, sort)
    corrected_query = ""
    if query and not page.paginator.count:
        # Nothing found: try again with typos corrected against the library's own words.
        corrected_query = corrected_search_text(query, catalogue.vocabulary())
        if corrected_query:
            page = _catalogue_page(request, catalogue, corrected_query, sort)
    filters = {key: value for key, value in values.items() if value}
    return render(
        request,
        "resources/index.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "corrected_query": corrected_query if page.paginator.count else "",
            "filters": filters,
            "filter_query": urlencode(filters),
            "series_title": page[0].series.title if series and page and page[0].series else "",
            "kind_label": ResourceKind(kind).label if kind else "",
            "kinds": ResourceKind.choices,
        },
    )


def _catalogue_page(request: HttpRequest, catalogue, query: str, sort: str):
    resources = catalogue.search(query) if query else catalogue.newest()
    if sort == "newest":
        resources = resources.newest()
    elif sort == "popular":
        resources = resources.most_downloaded()
    return Paginator(resources.for_cards(), PER_PAGE).get_page(request.GET.get("page"))


def _detail_queryset(request: HttpRequest):
    # Verification is checked inside the resource query: one query fewer per page.
    resources = Resource.objects.for_user(request.user)
    if request.user.is_authenticated:
        mine = DownloadEvent.objects.filter(resource=OuterRef("pk"), member=request.user)
        resources = resources.annotate(
            my_last_download=Subquery(mine.order_by("-created_at").values("created_at")[:1])
        )
    return resources


@require_safe
@cache_for_visitors()
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(_detail_queryset(request).select_related("series"), slug=slug)
    recommendations, related = [], []
    if request.user.is_authenticated:
        recommendations = recommendations_for(request.user, exclude=resource, limit=3)
    if not recommendations and resource.tag_slugs:
        related = list(
            Resource.objects.published()
            .filter(tag_slugs__overlap=resource.tag_slugs)
            .exclude(pk=resource.pk)
            .only("slug", "title", "kind", "summary", "access")
            .newest()[:3]
        )
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            "signup_url": signup_url(resource),
            "recommendations": recommendations,
            "related": related,
            "transcript_teaser": Truncator(resource.transcript).words(TEASER_WORDS),
        },
    )


def signup_url(resource: Resource) -> str:
    """Sign-up (sign-in when closed) that comes back to the resource's page: `next` is the page,
    not the file, or the browser would save the file and stay on the account page."""
    name = "account_signup" if settings.PMPORTAL_SIGNUP_OPEN else "account_login"
    return f"{reverse(name)}?{urlencode({'next': resource.get_absolute_url()})}"


# Outside the per-request transaction: the file streams after the view returns, and counting
# takes its own short transaction only when a download may count (services.download_record).
@transaction.non_atomic_requests
@require_safe
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """The only way a file leaves: members-only ones for verified members and staff (visitors go
    to sign-up, the unverified get a 403 saying how to verify); else 404."""
    resource = get_object_or_404(Resource.objects.for_user(request.user), slug=slug)
    if not resource.file and not resource.external_url:
        raise Http404("This resource has nothing to download.")
    if not resource.can_download:
        if not request.user.is_authenticated:
            return redirect(signup_url(resource))
        return render(
            request,
            "resources/verify_required.html",
            {"resource": resource, "next": resource.get_absolute_url()},
            status=403,
        )
    if not resource.file:
        # Videos and linked episodes: the same gate, then the link (not counted as a download).
        return HttpResponseRedirect(resource.external_url)
    if not is_safe_name(resource.file.name):
        logger.warning("resource %s has an unexpected stored name; refused", resource.pk)
        raise Http404("No such file.")
    try:
        response = file_response(request, resource)
    except FileNotFoundError as error:
        logger.error("resource %s: file missing from storage", resource.pk)
        raise Http404("No such file.") from error
    if (
        request.method == "GET"
        and response.status_code in {200, 206, 302}
        and from_the_start(request)
    ):
        download_record(
            resource=resource,
            member=request.user if request.user.is_authenticated else None,
            user_agent=request.headers.get("User-Agent", ""),
            visitor=visitor_key(
                session_key=request.session.session_key,
                # allauth's reading of X-Forwarded-For, as far as ALLAUTH_TRUSTED_PROXY_COUNT
                # trusts it: the address its rate limits see.
                ip=get_adapter(request).get_client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            ),
        )
    return response


@require_safe
def cover(request: HttpRequest, slug: str) -> HttpResponse:
    """Covers are public images (they appear on the catalogue and in link previews), but they
    live in the private storage too, so they are served here for visible resources only."""
    resource = get_object_or_404(
        Resource.objects.visible_to(request.user).only("cover", "status", "content_type"),
        slug=slug,
    )
    if not resource.cover or not is_safe_name(resource.cover.name):
        raise Http404("No cover.")
    try:
        handle = private_storage().open(resource.cover.name, "rb")
    except FileNotFoundError as error:
        raise Http404("No cover.") from error
    # The content type comes from the stored name, whose extension resource_cover_path chose.
    response = PrivateFileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        # The URL carries a version stamp (Resource.get_cover_url), so it may be cached for long.
        "public, max-age=31536000, immutable"
        if resource.status == "published"
        else "private, no-store"
    )
    return response


@never_cache  # a member's own download history: no shared or back-button cache keeps it
@login_required
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    """What I downloaded, when, with links to download again, and picks for me."""
    verified = request.user.has_verified_email
    entries = (
        Resource.objects.for_user(request.user, verified=verified)
        .in_library_of(request.user)
        .only("slug", "title", "kind", "summary", "access", "file", "external_url")
    )
    return render(
        request,
        "resources/library.html",
        {
            "entries": entries[:LIBRARY_LIMIT],
            "verified": verified,
            "recommendations": recommendations_for(request.user),
        },
    )

"""The member directory and mentor match pages (queries live in members/search.py)."""

import functools

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django_countries import countries

from members.decorators import verified_member_required
from members.models import MENTOR_CARD_FIELDS, ProductDomain, Profile, RoleType, country_names
from members.search import (
    CARD_FIELDS,
    COUNT_CAP,
    MAX_PAGE,
    RANK_WINDOW,
    SORT_NAME,
    SORT_NEWEST,
    Cursor,
    DirectoryPage,
    DirectorySearch,
    directory_search,
)
from members.signals import directory_searched, mentors_viewed
from members.skills import skill_datalist_options, skill_label

COUNTRY_CODES = frozenset(countries.countries)
MAX_QUERY_LENGTH = 200
MAX_SKILLS = 5
MENTOR_CANDIDATES = 2000
MENTOR_SUGGESTIONS = 12


class SkillListField(forms.Field):
    """Several `skill=` values, each reduced to a tag slug ("A/B testing" → "ab-testing")."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        slugs = []
        for item in values:
            slug = slugify(str(item))[:60]
            if slug and slug not in slugs:
                slugs.append(slug)
        if len(slugs) > MAX_SKILLS:
            raise forms.ValidationError(f"Choose at most {MAX_SKILLS} skills.")
        return slugs


class CountryListField(forms.MultipleChoiceField):
    """Country codes, checked against the code list: the form holds no ~250 translated
    choices to deep-copy on every request."""

    def valid_value(self, value) -> bool:
        return value in COUNTRY_CODES


class DirectoryForm(forms.Form):
    """The directory's GET parameters. Anything unexpected is an error the page explains."""

    q = forms.CharField(
        label="Search members",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Keep the search under {MAX_QUERY_LENGTH} characters.",
        },
    )
    role = forms.MultipleChoiceField(choices=RoleType.choices, required=False)
    domain = forms.MultipleChoiceField(choices=ProductDomain.choices, required=False)
    country = CountryListField(required=False)
    skill = SkillListField(required=False)
    mentoring = forms.BooleanField(label="Open to mentoring", required=False)
    seeking = forms.BooleanField(label="Looking for a mentor", required=False)
    sort = forms.ChoiceField(
        choices=[("", "Best match"), (SORT_NAME, "Name"), (SORT_NEWEST, "Newest members")],
        required=False,
    )
    page = forms.IntegerField(
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={
            "invalid": "The page number must be a whole number.",
            "min_value": "The page number must be 1 or more.",
            "max_value": (
                f"Ranked results stop at page {MAX_PAGE}. Add a filter or a word, "
                "or sort by name to browse further."
            ),
        },
    )
    after = forms.CharField(required=False, max_length=400)

    def __init__(self, data=None, **kwargs):
        # A plain form submission sends every field, empty ones too (`country=&skill=`):
        # an empty value means "no filter", not a bad choice. (A new MultiValueDict, not
        # QueryDict.copy(), which deep-copies.)
        if data is not None:
            data = MultiValueDict(
                {key: [value for value in data.getlist(key) if value.strip()] for key in data}
            )
        super().__init__(data, **kwargs)

    def clean_after(self) -> Cursor | None:
        value = self.cleaned_data["after"]
        if not value:
            return None
        try:
            return Cursor.decode(value)
        except ValueError:
            raise forms.ValidationError(
                "This page link is not valid any more. Start again from the first page."
            ) from None

    def clean(self) -> dict:
        data = super().clean()
        cursor = data.get("after")
        if cursor is not None and data.get("sort") == SORT_NEWEST:
            try:
                cursor.moment  # noqa: B018 (validates the cursor's key)
            except ValueError:
                self.add_error("after", "This page link is not valid any more.")
        return data

    def to_search(self) -> DirectorySearch:
        data = self.cleaned_data
        return DirectorySearch(
            q=" ".join(data["q"].split()),
            roles=data["role"],
            domains=data["domain"],
            countries=data["country"],
            skills=data["skill"],
            open_to_mentoring=data["mentoring"],
            looking_for_mentor=data["seeking"],
            sort=data["sort"],
            page=data["page"] or 1,
            after=data["after"],
        )


def _options(choices, counts: dict[str, int], selected: list[str]) -> list[dict]:
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "checked": value in selected,
        }
        for value, label in choices
    ]


@functools.cache
def _country_option_parts(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country in display order, escaped once per language and process."""
    return tuple((escape(code), escape(name)) for code, name in country_names(language).items())


def _country_options(counts: dict[str, int], selected: list[str]) -> SafeString:
    """The ~250 <option>s of the country filter, in Python from pre-escaped parts: as a
    template loop they cost more than the search itself."""
    options = []
    for code, name in _country_option_parts(translation.get_language()):
        chosen = " selected" if code in selected else ""
        count = f" ({intcomma(counts[code])})" if counts.get(code) else ""
        options.append(f'<option value="{code}"{chosen}>{name}{count}</option>')
    # Codes and names were escaped in _country_option_parts; counts are numbers.
    return mark_safe("".join(options))  # noqa: S308  # nosec B308 B703


def _facet_context(search: DirectorySearch, result: DirectoryPage | None) -> dict:
    """Filter options with their counts; selected values always show, even at zero."""
    facets = result.facets if result else None
    names = country_names(translation.get_language())
    skill_counts = dict(facets.skills) if facets else {}
    skill_slugs = list(skill_counts) + [s for s in search.skills if s not in skill_counts]
    skill_choices = [(slug, skill_label(slug)) for slug in skill_slugs]
    roles = _options(RoleType.choices, facets.roles if facets else {}, search.roles)
    domains = _options(ProductDomain.choices, facets.domains if facets else {}, search.domains)
    return {
        "facet_groups": [(roles, "role", "Role"), (domains, "domain", "Product domain")],
        "skill_options": _options(skill_choices, skill_counts, search.skills),
        "country_options": _country_options(
            dict(facets.countries) if facets else {}, search.countries
        ),
        "country_counts": [
            (code, names.get(code, code), count)
            for code, count in (facets.countries if facets else [])[:4]
        ],
    }


# Both pages run outside the per-request transaction: they only read, and their one write (a
# visit counted for the dashboard) is a single INSERT. BEGIN and COMMIT were two more round trips.
@transaction.non_atomic_requests
@require_safe
@verified_member_required
def directory(request: HttpRequest) -> HttpResponse:
    """Search and browse listed members: 400 with the reasons for invalid parameters, only
    the results fragment for static/js/directory.js (`X-Requested-With: directory`)."""
    form = DirectoryForm(request.GET)
    valid = form.is_valid()
    search = form.to_search() if valid else DirectorySearch()
    search.viewer_id = request.user.pk
    result = directory_search(search) if valid else None
    context = {
        "form": form,
        "search": search,
        "result": result,
        "count_cap": COUNT_CAP,
        "rank_window": RANK_WINDOW,
        "skill_datalist": skill_datalist_options(),
        **_facet_context(search, result),
    }
    status = 200 if result else 400
    template = "members/directory.html"
    if request.headers.get("X-Requested-With") == "directory":
        template += "#results"
    elif result and _is_a_new_search(request):
        # Counted for the owner's dashboard once per search a person ran: not per keystroke
        # (as-you-type fragments) and not per further page of the same search.
        directory_searched.send(sender=Profile, user=request.user)
    response = render(request, template, context, status=status)
    response["Vary"] = "X-Requested-With"
    return response


def _is_a_new_search(request: HttpRequest) -> bool:
    """A first page with words or filters (a bare visit to the directory is browsing)."""
    params = {key for key, value in request.GET.items() if value}
    further_page = "after" in params or request.GET.get("page", "1") != "1"
    return bool(params - {"sort", "after", "page"}) and not further_page


def _mentor_matches(me: Profile, *, mentors: bool) -> list[dict]:
    """Mentors for a mentee (or mentees for a mentor), with the reasons why, ranked by shared
    skills, domain, role, years; only the first MENTOR_CANDIDATES sharing a skill are ranked."""
    candidates = Profile.objects.listed().seen_by(me.user_id).exclude(pk=me.pk)
    candidates = (
        candidates.filter(open_to_mentoring=True)
        if mentors
        else candidates.filter(looking_for_mentor=True)
    )
    if me.skill_slugs:
        candidates = candidates.filter(skill_slugs__overlap=me.skill_slugs)
    window = Profile.objects.filter(pk__in=candidates.values("pk")[:MENTOR_CANDIDATES])
    shared = Value(0)
    for slug in me.skill_slugs:
        shared += Case(When(skill_slugs__contains=[slug], then=1), default=0)
    ranked = window.alias(
        shared=shared,
        same_domain=Case(When(Q(domains__overlap=me.domains), then=1), default=0),
        same_role=Case(When(Q(role=me.role) & ~Q(role=""), then=1), default=0),
    ).order_by(
        "-shared", "-same_domain", "-same_role", F("years_in_product").desc(nulls_last=True), "pk"
    )
    domain_labels = dict(ProductDomain.choices)
    matches = []
    cards = ranked.only(*CARD_FIELDS, "domains", "years_in_product", *MENTOR_CARD_FIELDS)
    for profile in cards[:MENTOR_SUGGESTIONS]:
        reasons = []
        skills = [skill_label(s) for s in profile.skill_slugs if s in me.skill_slugs]
        if skills:
            shares = ngettext(
                "shares %(count)d skill with you: %(names)s",
                "shares %(count)d skills with you: %(names)s",
                len(skills),
            )
            reasons.append(shares % {"count": len(skills), "names": ", ".join(skills)})
        domains = [domain_labels.get(d, d) for d in profile.domains if d in me.domains]
        if domains:
            reasons.append(f"works in {', '.join(domains)} too")
        if me.role and profile.role == me.role:
            reasons.append(f"also a {profile.get_role_display()}")
        if profile.years_in_product:
            years = profile.years_in_product
            reasons.append(ngettext("%d year in product", "%d years in product", years) % years)
        matches.append({"profile": profile, "reasons": reasons})
    return matches


@transaction.non_atomic_requests
@require_safe
@verified_member_required
def mentors(request: HttpRequest) -> HttpResponse:
    """Mentor match: mentors for a member looking for one; mentees for a member who offers."""
    me = Profile.objects.get(user=request.user)
    mode = None
    if me.looking_for_mentor:
        mode = "mentors"
    elif me.open_to_mentoring:
        mode = "mentees"
    matches = _mentor_matches(me, mentors=mode == "mentors") if mode else []
    if mode:
        mentors_viewed.send(sender=Profile, user=request.user)
    return render(
        request,
        "members/mentors.html",
        {"me": me, "mode": mode, "matches": matches, "candidate_cap": MENTOR_CANDIDATES},
    )

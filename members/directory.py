"""The member directory and mentor match pages (queries live in members/search.py)."""

import functools

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django_countries import countries

from members.decorators import verified_member_required
from members.models import ProductDomain, Profile, RoleType, country_names
from members.search import (
    COUNT_CAP,
    LOADED_FIELDS,
    MAX_PAGE,
    RANK_WINDOW,
    SORT_NAME,
    SORT_NEWEST,
    Cursor,
    DirectoryPage,
    DirectorySearch,
    directory_search,
    skill_label,
)
from members.signals import directory_searched, mentors_viewed
from members.skills import skill_datalist_options

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
    template loop, or with format_html per option, they cost more than the search itself."""
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
    skill_slugs = list(skill_counts)
    skill_slugs += [slug for slug in search.skills if slug not in skill_counts]
    country_counts = dict(facets.countries) if facets else {}
    return {
        "role_options": _options(RoleType.choices, facets.roles if facets else {}, search.roles),
        "domain_options": _options(
            ProductDomain.choices, facets.domains if facets else {}, search.domains
        ),
        "skill_options": [
            {
                "value": slug,
                "label": skill_label(slug),
                "count": skill_counts.get(slug, 0),
                "checked": slug in search.skills,
            }
            for slug in skill_slugs
        ],
        "country_options": _country_options(country_counts, search.countries),
        "country_counts": [
            (code, names.get(code, code), count)
            for code, count in (facets.countries if facets else [])
        ],
        "mentoring_count": facets.open_to_mentoring if facets else 0,
        "seeking_count": facets.looking_for_mentor if facets else 0,
    }


# Outside the per-request transaction: the page only reads, and the one write (a search
# counted for the dashboard) is a single INSERT. BEGIN and COMMIT were two more round trips.
@transaction.non_atomic_requests
@require_GET
@verified_member_required
def directory(request: HttpRequest) -> HttpResponse:
    """Search and browse listed members. Only `Profile.objects.listed()` members ever appear.

    Invalid parameters answer 400 with the reasons on the page, never a 500. A request from
    static/js/directory.js (`X-Requested-With: directory`) gets only the results fragment.
    """
    form = DirectoryForm(request.GET)
    valid = form.is_valid()
    search = form.to_search() if valid else DirectorySearch()
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
    # Results and filters: Jinja2, the one hot fragment (pmportal/jinja2.py says why).
    body = render_to_string("members/_directory_body.html", context, request, using="jinja2")
    if request.headers.get("X-Requested-With") == "directory":
        response = HttpResponse(body, status=status)
    else:
        if result and _is_a_new_search(request):
            # Counted for the owner's dashboard once per search a person ran: not per keystroke
            # (as-you-type fragments) and not per further page of the same search.
            directory_searched.send(sender=Profile, user=request.user)
        # The fragment is the output of an autoescaping template (Django's Jinja2 backend).
        page = {**context, "body": mark_safe(body)}  # noqa: S308  # nosec B308 B703
        response = render(request, "members/directory.html", page, status=status)
    response["Vary"] = "X-Requested-With"
    return response


def _is_a_new_search(request: HttpRequest) -> bool:
    """A first page with words or filters (a bare visit to the directory is browsing)."""
    params = {key for key, value in request.GET.items() if value}
    further_page = "after" in params or request.GET.get("page", "1") != "1"
    return bool(params - {"sort", "after", "page"}) and not further_page


def _mentor_matches(me: Profile, *, mentors: bool) -> list[dict]:
    """Members to suggest to `me`, best first, each with the reasons why.

    Mentors for a mentee (or mentees for a mentor), ranked by shared skills, then same domain,
    then same role, then years in product. Only the first MENTOR_CANDIDATES members who share a
    skill (GIN `&&`) are ranked, so the cost stays flat at any directory size.
    """
    candidates = Profile.objects.listed().exclude(pk=me.pk)
    candidates = (
        candidates.filter(open_to_mentoring=True)
        if mentors
        else candidates.filter(looking_for_mentor=True)
    )
    if me.skill_slugs:
        candidates = candidates.filter(skill_slugs__overlap=me.skill_slugs)
    window_sql, window_params = candidates.values("id")[:MENTOR_CANDIDATES].query.sql_with_params()
    # The window's SQL comes from the ORM compiler; every value is a parameter.
    sql = f"""
        SELECT p.id, p.handle, p.display_name, p.headline, p.role, p.domains, p.company,
               p.city, p.country, p.skill_slugs, p.years_in_product,
               p.open_to_mentoring, p.looking_for_mentor, p.created_at,
               ARRAY(SELECT unnest(p.skill_slugs) INTERSECT SELECT unnest(%s::text[]))
                   AS shared_skills,
               ARRAY(SELECT unnest(p.domains::text[]) INTERSECT SELECT unnest(%s::text[]))
                   AS shared_domains
        FROM members_profile p
        WHERE p.id IN ({window_sql})
        ORDER BY cardinality(ARRAY(SELECT unnest(p.skill_slugs)
                                   INTERSECT SELECT unnest(%s::text[]))) DESC,
                 (p.domains::text[] && %s::text[]) DESC,
                 (p.role = %s AND p.role <> '') DESC,
                 p.years_in_product DESC NULLS LAST,
                 p.id
        LIMIT {MENTOR_SUGGESTIONS}
    """  # noqa: S608  # nosec B608  (window from the ORM compiler, values as parameters)
    params = [
        me.skill_slugs,
        me.domains,
        *window_params,
        me.skill_slugs,
        me.domains,
        me.role,
    ]
    with connections[router.db_for_read(Profile)].cursor() as cursor:  # the replica, if any
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        records = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    matches = []
    domain_labels = dict(ProductDomain.choices)
    for record in records:
        profile = Profile.from_db(None, LOADED_FIELDS, [record[f] for f in LOADED_FIELDS])
        reasons = []
        shared = [skill_label(s) for s in record["shared_skills"]]
        if shared:
            noun = "skill" if len(shared) == 1 else "skills"
            reasons.append(f"shares {len(shared)} of your {noun}: {', '.join(shared)}")
        if record["shared_domains"]:
            names = ", ".join(domain_labels.get(d, d) for d in record["shared_domains"])
            reasons.append(f"works in {names} too")
        if me.role and profile.role == me.role:
            reasons.append(f"also a {profile.get_role_display()}")
        if profile.years_in_product:
            reasons.append(f"{profile.years_in_product} years in product")
        matches.append({"profile": profile, "reasons": reasons})
    return matches


@require_GET
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
        {
            "me": me,
            "mode": mode,
            "matches": matches,
            "candidate_cap": MENTOR_CANDIDATES,
        },
    )

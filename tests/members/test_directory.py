"""The member directory: access, privacy, search, filters, facets, pages, bad input, queries."""

import html
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members import search
from members.models import Profile
from tests.factories import UserFactory
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db
URL = "/members/"


def member(name: str, *, skills=(), listed=True, verified=True, **fields):
    """A member with a profile; listed and with a verified address unless told otherwise."""
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    profile = user.profile
    profile.display_name, profile.is_listed = name, listed
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.save()
    if skills:
        profile.skills.set(list(skills))
    return user


def names(response) -> list[str]:
    return re.findall(
        r'class="member__name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def pager_link(response, rel: str) -> str | None:
    """The directory URL a pager link (rel="next" or "prev") on the page leads to."""
    found = re.search(rf'href="([^"]+)" rel="{rel}"', response.content.decode())
    return URL + html.unescape(found.group(1)) if found else None


@pytest.fixture
def viewer(client):
    """The signed-in member with a verified address (not listed themselves)."""
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    client.force_login(user)
    return user


@pytest.fixture
def people():
    return {
        "john": member(
            "John Smith",
            skills=["pricing", "discovery"],
            role="growth",
            domains=["ai"],
            company="Acme Payments",
            city="Berlin",
            country="DE",
            headline="Growth PM at Acme",
            open_to_mentoring=True,
            years_in_product=12,
        ),
        "priya": member(
            "Priya Sharma",
            skills=["okrs", "pricing"],
            role="technical",
            domains=["data"],
            company="Nova Labs",
            city="Bangalore",
            country="IN",
            headline="Platform lead",
            looking_for_mentor=True,
            years_in_product=3,
        ),
        "james": member(
            "James Miller",
            skills=["roadmaps"],
            role="platform",
            domains=["api"],
            company="Helix Cloud",
            city="London",
            country="GB",
            bio="I love running discovery.",
        ),
    }


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL + "?q=pricing")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/members/")


def test_unverified_members_get_an_explanation_not_the_directory(client):
    client.force_login(member("Not Yet", verified=False))
    response = client.get(URL)
    assert response.status_code == 403
    assert "confirm your email address" in response.content.decode()


def test_lists_only_visible_members_and_never_an_email(client, viewer, people):
    hidden = member("Hidden Hannah", listed=False, skills=["pricing"])
    unverified = member("Unverified Uma", verified=False, skills=["pricing"])
    inactive = member("Inactive Ivan", skills=["pricing"])
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    deleted = member("Deleted Dora", skills=["pricing"])
    deleted.delete()

    for url in (URL, URL + "?q=pricing", URL + "?skill=pricing", URL + "?sort=newest"):
        response = client.get(url)
        assert response.status_code == 200
        shown = names(response)
        assert "John Smith" in shown and "Priya Sharma" in shown
        html = response.content.decode()
        for person in ("Hannah", "Uma", "Ivan", "Dora"):
            assert person not in html
        for user in (people["john"], people["priya"], hidden, unverified, viewer):
            assert user.email not in html
        main = html.split("<main")[1].split("</main>")[0]
        assert "@" not in main
    # Counts and facets only see the visible ones: pricing is John's and Priya's.
    response = client.get(URL + "?skill=pricing")
    assert response.context["result"].total == 2
    assert dict(response.context["result"].facets.skills)["pricing"] == 2
    assert response.context["result"].facets.roles == {"growth": 1, "technical": 1}


def test_visibility_follows_every_way_an_account_changes(client, viewer):
    """The database keeps `is_visible` (migration 0006): bulk updates, deletes and re-verifying
    count as much as a form does."""
    from members.models import Profile

    user = member("Vera Visible")
    shown = lambda: "Vera Visible" in names(client.get(URL, {"q": "vera"}))  # noqa: E731
    steps = [
        (lambda: EmailAddress.objects.filter(user=user).update(verified=False), False),
        (lambda: EmailAddress.objects.filter(user=user).update(verified=True), True),
        (lambda: get_user_model().objects.filter(pk=user.pk).update(is_active=False), False),
        (lambda: get_user_model().objects.filter(pk=user.pk).update(is_active=True), True),
        (lambda: EmailAddress.objects.filter(user=user).delete(), False),
        (
            lambda: EmailAddress.objects.create(user=user, email="v2@example.org", verified=True),
            True,
        ),
        (lambda: Profile.objects.filter(user=user).update(is_listed=False), False),
        (lambda: Profile.objects.filter(user=user).update(is_listed=True), True),
        (lambda: get_user_model().objects.filter(pk=user.pk).update(last_login=None), True),
    ]
    assert shown()
    for change, visible in steps:
        change()
        assert shown() is visible, change
    # An address moved to another account takes the visibility with it.
    other = member("Otto Other", verified=False)
    EmailAddress.objects.filter(user=user).update(user=other)
    assert not shown() and "Otto Other" in names(client.get(URL, {"q": "otto"}))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("john smith", ["John Smith"]),
        ("acme", ["John Smith"]),  # company
        ("bangalore", ["Priya Sharma"]),  # city: built and queried with `simple`
        ("james", ["James Miller"]),  # a name `english` would stem to "jame"
        ("okrs", ["Priya Sharma"]),  # skill
        ("running", ["James Miller"]),  # bio, stemmed
        ("pri", ["Priya Sharma", "John Smith"]),  # prefix of the last word: Priya, pricing
        ("jonh smiht", ["John Smith"]),  # typos in both words
        ("pricng", ["John Smith", "Priya Sharma"]),  # a misspelt skill
    ],
)
def test_search_finds_by_name_company_city_skill_bio_prefix_and_typo(
    client, viewer, people, query, expected
):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


@pytest.mark.parametrize(
    "query",
    [
        "jon smith",
        "johhn smith",
        "jahn smith",
        "jonh smith",
        "john smiht",
        "john smtih",
        "jhon smith",
    ],
)
def test_one_slip_per_word_still_finds_the_name(client, viewer, people, query):
    # A letter dropped, doubled, replaced, two swapped; the last word may be a prefix.
    assert names(client.get(URL, {"q": query}))[:1] == ["John Smith"]


def test_slips_are_corrected_and_say_so_exact_names_are_not(client, viewer, people):
    for query, first, corrected in (
        ("jonh smiht", "John Smith", True),
        ("john smith", "John Smith", False),
        ("pryia", "Priya Sharma", True),
    ):
        response = client.get(URL, {"q": query})
        assert names(response)[0] == first, query
        assert response.context["result"].corrected == corrected, query
        assert ("close spellings" in response.content.decode()) == corrected, query
    empty = client.get(URL, {"q": "zzqxv"})
    assert names(empty) == [] and not empty.context["result"].corrected


def test_close_spellings_meet_the_stored_name_words():
    """What Python asks for (every spelling one slip away) meets what the generated column
    stores (the name's words as the `simple` config splits them)."""
    from members.models import Profile
    from members.search import one_slip_away

    profile = member("Mary-Jane O'Brien Smith").profile
    profile.refresh_from_db()
    assert set(profile.name_words) >= {"smith", "o", "brien"}
    for slip in ["smiht", "smth", "smitth", "smoth"]:  # swapped, dropped, doubled, replaced
        assert "smith" in one_slip_away(slip), slip
        assert Profile.objects.filter(name_words__overlap=one_slip_away(slip)).exists()
    assert "smith" not in one_slip_away("jones")
    assert {"ab", "a", "b", "ba", "abc", "xb"} <= set(one_slip_away("ab"))


def test_a_swap_ranks_as_one_slip(client, viewer):
    # "cohi" is two Levenshtein edits from both "cho" and "choi"; the swap wins, although more
    # members are called Cho.
    for _ in range(3):
        member("Minjun Cho")
    member("Minjun Choi")
    assert names(client.get(URL, {"q": "mnijun cohi"}))[0] == "Minjun Choi"


@pytest.mark.parametrize(
    ("query", "corrected"),
    [
        ("alvarez", False),  # typed without the accent
        ("diego álvarez", False),
        ("DIEGO ALVAREZ", False),
        ("josé", False),  # an accent the name does not have
        ("sao paulo", False),  # the city
        ("são", False),
        ("alvarze", True),  # a slip, then the typo fallback, accents dropped on both sides
        ("ávlarez", True),
    ],
)
def test_accents_are_optional_on_either_side(client, viewer, query, corrected):
    member("Diego Álvarez Jose", city="São Paulo")
    member("Dora Alves", city="Porto")
    response = client.get(URL, {"q": query})
    assert names(response) == ["Diego Álvarez Jose"], query
    assert response.context["result"].corrected == corrected, query


def test_the_typo_dictionary_holds_names_as_the_search_column_stores_them():
    """A saved name's words reach the dictionary the way `name_words` stores them, and a full
    rebuild (`seed_members`) writes the same."""
    from members.models import NameToken
    from members.seeding import refresh_name_tokens

    profile = member("Zoë Ångström-Łukasz").profile
    saved = set(NameToken.objects.values_list("token", flat=True))
    assert {"zoe", "angstrom", "lukasz"} <= set(profile.name_words) <= saved
    refresh_name_tokens()
    assert set(NameToken.objects.values_list("token", flat=True)) == saved


def test_names_rank_above_bios(client, viewer, people):
    member("Dana Discovery", skills=["okrs"])
    response = client.get(URL, {"q": "discovery"})
    # A name match (weight A) beats a skill (B) and a bio (D).
    assert names(response)[0] == "Dana Discovery"
    assert names(response)[-1] == "James Miller"


def test_absent_word_shows_a_clear_empty_state(client, viewer, people):
    response = client.get(URL, {"q": "zzqxv"})
    assert response.status_code == 200
    assert names(response) == []
    assert "Nobody matches that yet" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "growth"}, ["John Smith"]),
        ({"role": ["growth", "technical"]}, ["John Smith", "Priya Sharma"]),
        ({"domain": "api"}, ["James Miller"]),
        ({"country": "IN"}, ["Priya Sharma"]),
        ({"skill": "pricing"}, ["John Smith", "Priya Sharma"]),
        ({"skill": ["pricing", "okrs"]}, ["Priya Sharma"]),
        ({"skill": "OKRs"}, ["Priya Sharma"]),  # typed by hand: slugified
        ({"mentoring": "on"}, ["John Smith"]),
        ({"seeking": "on"}, ["Priya Sharma"]),
        ({"q": "pricing", "country": "DE"}, ["John Smith"]),
        ({"q": "pricing", "role": "platform"}, []),
        (
            {"q": "", "country": "", "skill": "", "sort": ""},
            ["John Smith", "Priya Sharma", "James Miller"],
        ),
    ],
)
def test_filters_combine_with_each_other_and_the_search(client, viewer, people, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_facet_counts_follow_the_result_set(client, viewer, people):
    response = client.get(URL, {"skill": "pricing"})
    facets = response.context["result"].facets
    assert facets.domains == {"ai": 1, "data": 1}
    assert dict(facets.countries) == {"DE": 1, "IN": 1}
    assert facets.open_to_mentoring == 1 and facets.looking_for_mentor == 1
    assert not facets.sampled
    html = response.content.decode()
    assert "Counts are for the current results." in html
    assert re.search(r'for="role-growth">Growth PM <span class="facet__count">1</span>', html)
    assert '<option value="DE">Germany (1)</option>' in html
    assert '<option value="FR">France</option>' in html  # every country can be chosen


def test_the_chosen_country_stays_selected(client, viewer, people):
    html = client.get(URL, {"country": "IN"}).content.decode()
    assert '<option value="IN" selected>India (1)</option>' in html
    assert html.count(" selected>") == 1 + html.count('<option value="" selected>')
    assert '<option value="CI">Côte d&#x27;Ivoire</option>' in html  # names are escaped


def test_what_members_write_is_escaped_in_results_and_fragments(client, viewer):
    """Page and as-you-type fragment (the page's `results` partial) both escape."""
    member(
        '<script>alert("name")</script>',
        headline='"><img src=x onerror=alert(1)>',
        company="<b>Acme</b>",
        skills=["<i>pricing</i>"],
    )
    for headers in ({}, {"X-Requested-With": "directory"}):
        page = client.get(URL, {"q": "alert"}, headers=headers).content.decode()
        for raw in ("<script>alert", "<img src=x", "<b>Acme", "<i>pricing"):
            assert raw not in page
        assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in page
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # What the visitor typed comes back in the status line, the pager links and the page title.
    typed = '<script>alert("q")</script>"><b>'
    for headers in ({}, {"X-Requested-With": "directory"}):
        page = client.get(URL, {"q": typed, "skill": "<i>x</i>"}, headers=headers)
        assert typed not in page.content.decode() and "<i>x" not in page.content.decode()
        assert "&lt;script&gt;alert(" in page.content.decode()


@pytest.mark.parametrize("value", ['"><script>alert(1)</script>', 'DE" selected onfocus=x', "<b>"])
def test_a_hostile_country_value_never_reaches_the_prebuilt_options(client, viewer, people, value):
    # The options are marked safe (members/directory.py): nothing a visitor sends may enter them.
    response = client.get(URL, {"country": value})
    assert response.status_code == 400
    html = response.content.decode()
    options = html.split('id="id_country">')[1].split("</select>")[0]
    assert value not in options and "<script" not in options and "onfocus" not in options
    assert " selected>" not in options.replace('<option value="" selected>', "")
    assert value not in html  # the error message escapes it too


def test_browse_orders_page_with_a_cursor_through_everyone_once(client, viewer):
    for n in range(45):
        member(f"Member {n:02d}")
    for sort in ("name", "newest"):
        seen, url = [], f"{URL}?sort={sort}"
        while url:  # following the page's own "Next" links
            response = client.get(url)
            assert response.status_code == 200
            seen += names(response)
            url = pager_link(response, "next")
        assert len(seen) == 45 and len(set(seen)) == 45
        if sort == "name":
            assert seen == sorted(seen)


def test_ranked_results_have_numbered_pages(client, viewer):
    for n in range(25):
        member(f"Pricing Person {n:02d}")
    first = client.get(URL, {"q": "pricing"})
    second = client.get(URL, {"q": "pricing", "page": 2})
    assert len(names(first)) == 20 and len(names(second)) == 5
    assert not set(names(first)) & set(names(second))
    # The pager's links keep the search and move one page.
    assert names(client.get(pager_link(first, "next"))) == names(second)
    assert names(client.get(pager_link(second, "prev"))) == names(first)


def test_counts_are_capped_not_exact(client, viewer):
    # More listed members than the cap, seeded the fast way (COPY; about four in five seeded
    # members are listed), so the count must stop at it.
    call_command("seed_members", "--count", "1400", stdout=StringIO())
    assert Profile.objects.listed().count() > search.COUNT_CAP
    response = client.get(URL)
    assert response.context["result"].capped
    html = response.content.decode()
    assert "1,000+ members" in html
    assert "Counts are over the first 1,000 matches" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"role": "ceo"}, "Select a valid choice"),
        ({"country": "XX"}, "Select a valid choice"),
        ({"domain": "<script>"}, "Select a valid choice"),
        ({"q": "x" * 10_000}, "Keep the search under 200 characters"),
        ({"page": "-1"}, "The page number must be 1 or more"),
        ({"page": "abc"}, "The page number must be a whole number"),
        ({"page": "51"}, "Ranked results stop at page 50"),
        ({"page": "99999999999999999999"}, "Ranked results stop at page 50"),
        ({"after": "not-a-cursor"}, "This page link is not valid any more"),
        ({"after": "WyJ4IiwtNV0", "sort": "name"}, "This page link is not valid any more"),
        ({"after": "WyJ4IiwxXQ", "sort": "newest"}, "This page link is not valid any more"),
        ({"skill": [f"s{n}" for n in range(9)]}, "Choose at most 5 skills"),
    ],
)
def test_bad_input_gets_a_clear_400_never_a_500(client, viewer, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["a & b | !c", "'", "pricing:*", "(((", "<->", "\\", "%", "🙂 product", "  two   spaces  "],
)
def test_tsquery_syntax_and_odd_text_are_just_words(client, viewer, people, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200


def test_a_page_past_the_end_says_so(client, viewer, people):
    response = client.get(URL, {"q": "pricing", "page": 7})
    assert response.status_code == 200
    assert "No more results on this page" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=pricing&role=growth&role=technical&skill=pricing&country=DE&mentoring=on", 4),
        ("sort=name&domain=ai", 4),
        ("q=jonh+smiht&skill=pricing", 5),  # the exact sample finds nobody, then the typo'd
        ("q=zzqxv", 5),  # nobody, exactly or typo'd
        ("q=pricing&page=7", 3),  # past the end: no rows, and not counted again
        ("sort=name", 3),  # browsing is not a search: nothing to count
        ("page=abc", 2),  # a bad request runs no search
    ],
)
def test_directory_queries_are_pinned(
    client, viewer, people, django_assert_num_queries, query, expected
):
    """Session, the member (with whether they verified an address: members/backends.py), the
    capped sample with its count, facets and the page's rows in one statement (a second when
    the words found nobody: the typo'd sample), and one insert counting the search for the
    owner's dashboard. The header's
    unread counts come with the member."""
    with django_assert_num_queries(expected, exact=True):
        client.get(f"{URL}?{query}", headers={})


def test_javascript_requests_get_only_the_results_fragment(client, viewer, people):
    response = client.get(URL, {"q": "pricing"}, headers={"X-Requested-With": "directory"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "John Smith" in html
    assert "X-Requested-With" in response["Vary"]


def test_pages_are_valid_html(client, viewer, people):
    pages = {
        "directory": client.get(URL).content.decode(),
        "search": client.get(URL, {"q": "pricing", "skill": "okrs"}).content.decode(),
        "bad input": client.get(URL, {"page": "abc"}).content.decode(),
        "empty": client.get(URL, {"q": "zzqxv"}).content.decode(),
    }
    assert_valid_html(pages)


def test_each_search_a_person_runs_is_counted_once_for_the_dashboard(client, viewer, people):
    from insights.models import ActivityEvent

    def searches() -> int:
        return ActivityEvent.objects.filter(kind=ActivityEvent.Kind.DIRECTORY_SEARCH).count()

    client.get(URL)  # browsing
    client.get(URL, {"q": "pri"}, headers={"X-Requested-With": "directory"})  # typing
    assert searches() == 0
    client.get(URL, {"q": "pricing"})
    client.get(URL, {"q": "pricing", "page": "2"})  # the same search, further on
    assert searches() == 1

"""Catalogue, search, detail, library: content, filters, query counts and valid HTML."""

import pytest
from django.core import mail

from resources.models import DownloadEvent
from tests.factories import ResourceFactory
from tests.quality import assert_valid_html
from tests.resources.conftest import client_for, consume, make_member

pytestmark = pytest.mark.django_db

VISITOR_MAX, MEMBER_MAX = 5, 8


@pytest.fixture
def catalogue(db):
    """A small library: eBooks, an infographic, podcast episodes, a draft."""
    from resources.models import Series
    from resources.services import resource_generate_cover

    series = Series.objects.create(title="Product Award podcast", slug="product-award")
    items = [
        ResourceFactory(
            slug="roadmaps-book",
            title="Roadmaps That Survive Contact",
            summary="Outcome-based roadmaps.",
            tags=["roadmaps", "strategy"],
            member_downloads=3,
        ),
        ResourceFactory(
            slug="pricing-book",
            title="Pricing for PMs",
            summary="Value-based pricing and packaging.",
            access="public",
            tags=["pricing"],
            member_downloads=9,
        ),
        ResourceFactory(
            slug="okr-poster",
            kind="infographic",
            title="OKRs on one page",
            summary="Objectives and key results.",
            tags=["okrs"],
        ),
        ResourceFactory(
            slug="episode-1",
            kind="podcast",
            title="Growth without dark patterns",
            summary="An award winner on ethical growth.",
            transcript="We talked about the zeppelin onboarding experiment at length.",
            series=series,
            episode_number=1,
            tags=["growth", "pricing"],
        ),
        ResourceFactory(slug="secret-draft", title="Unreleased pricing draft", status="draft"),
    ]
    for resource in items:
        resource_generate_cover(resource=resource)
    return {resource.slug: resource for resource in items}


def slugs_in(response) -> list[str]:
    return [resource.slug for resource in response.context["page"].object_list]


def test_catalogue_lists_published_resources_newest_first(catalogue):
    response = client_for().get("/resources/")
    assert response.status_code == 200
    assert "secret-draft" not in slugs_in(response)
    assert len(slugs_in(response)) == 4
    assert "Members only" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pricing", {"pricing-book", "episode-1"}),  # title, then tag
        ("roadm", {"roadmaps-book"}),  # prefix on the last word
        ("roadmap", {"roadmaps-book"}),  # stemming
        ("zeppelin", {"episode-1"}),  # the transcript is searchable
        ('"key results"', {"okr-poster"}),  # websearch phrase
        ("pricing -growth", {"pricing-book"}),  # websearch exclusion
        ("ethical growth", {"episode-1"}),
        ("unreleased", set()),  # drafts are never found
        ("':*&|!()<->", set()),  # operators only: nothing, and no error
        ("nothing-like-this-anywhere", set()),
    ],
)
def test_search(catalogue, query, expected):
    response = client_for().get("/resources/", {"q": query})
    assert response.status_code == 200
    assert set(slugs_in(response)) == expected


@pytest.mark.parametrize(
    ("query", "expected", "corrected"),
    [
        ("rodmap", {"roadmaps-book"}, "roadmaps"),
        ("pricng", {"pricing-book", "episode-1"}, "pricing"),
        ("ethicl growht", {"episode-1"}, "ethical growth"),
        ("xylophonist", set(), ""),  # nothing close: no guess
    ],
)
def test_a_search_with_typos_is_corrected_against_the_library(
    catalogue, query, expected, corrected
):
    response = client_for().get("/resources/", {"q": query})
    assert response.status_code == 200
    assert set(slugs_in(response)) == expected
    assert response.context["corrected_query"] == corrected
    if corrected:
        assert f"showing {len(expected)} resource" in response.content.decode()


def test_search_ranks_title_matches_first(catalogue):
    response = client_for().get("/resources/", {"q": "pricing"})
    assert slugs_in(response)[0] == "pricing-book"


def test_filters_and_sorting(catalogue):
    client = client_for()
    assert slugs_in(client.get("/resources/", {"kind": "infographic"})) == ["okr-poster"]
    assert set(slugs_in(client.get("/resources/", {"tag": "pricing"}))) == {
        "pricing-book",
        "episode-1",
    }
    assert slugs_in(client.get("/resources/", {"series": "product-award"})) == ["episode-1"]
    popular = slugs_in(client.get("/resources/", {"sort": "popular"}))
    assert popular[:2] == ["pricing-book", "roadmaps-book"]


def test_invalid_filters_are_reported_not_500(catalogue):
    response = client_for().get("/resources/", {"kind": "spaceship", "sort": "sideways"})
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()
    assert len(slugs_in(response)) == 4


def test_pagination(db):
    for number in range(14):
        ResourceFactory(slug=f"paged-{number}", file=None, kind="article")
    client = client_for()
    first = client.get("/resources/")
    second = client.get("/resources/", {"page": 2})
    assert len(slugs_in(first)) == 12 and len(slugs_in(second)) == 2
    assert client.get("/resources/", {"page": "x"}).status_code == 200
    assert client.get("/resources/", {"page": 999}).status_code == 200
    assert 'rel="next"' in first.content.decode()


def test_detail_page_call_to_action_per_person(catalogue, member, unverified):
    ebook = catalogue["roadmaps-book"]
    visitor_page = client_for().get(ebook.get_absolute_url()).content.decode()
    assert "Register free to download" in visitor_page
    assert 'href="/accounts/signup/?next=%2Fresources%2Froadmaps-book%2F"' in (visitor_page)
    unverified_page = client_for(unverified).get(ebook.get_absolute_url()).content.decode()
    assert "Verify your email to download" in unverified_page
    member_page = client_for(member).get(ebook.get_absolute_url()).content.decode()
    assert 'href="/resources/roadmaps-book/download/"' in member_page
    assert "Register free" not in member_page
    assert 'property="og:image"' in member_page
    assert 'property="og:type" content="article"' in member_page


def test_transcript_is_a_teaser_for_visitors(catalogue, member):
    episode = catalogue["episode-1"]
    assert (
        "Read the full transcript"
        not in client_for().get(episode.get_absolute_url()).content.decode()
    )
    page = client_for(member).get(episode.get_absolute_url()).content.decode()
    assert "Read the full transcript" in page
    assert "<audio" in page and 'src="/resources/episode-1/download/"' in page


def test_body_markdown_is_sanitized(member):
    resource = ResourceFactory(slug="xss", body="Hi <script>alert(1)</script> **there**")
    page = client_for(member).get(resource.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<strong>there</strong>" in page


def test_resend_link_brings_the_member_back_to_the_download(unverified, ebook):
    client = client_for(unverified)
    page = client.get(ebook.get_download_url())
    assert page.status_code == 403
    client.post(
        "/accounts/email/",
        {"email": unverified.email, "action_send": "", "next": ebook.get_download_url()},
    )
    assert len(mail.outbox) == 1
    assert "next=%2Fresources%2Fmembers-ebook%2Fdownload%2F" in mail.outbox[0].body


def test_library_lists_downloads_with_dates_and_links(member, catalogue):
    client = client_for(member)
    consume(client.get(catalogue["roadmaps-book"].get_download_url()))
    consume(client.get(catalogue["pricing-book"].get_download_url()))
    response = client.get("/resources/library/")
    assert [r.slug for r in response.context["entries"]] == [
        "pricing-book",
        "roadmaps-book",
    ]
    page = response.content.decode()
    assert "Download again" in page
    assert 'href="/resources/roadmaps-book/download/"' in page
    # Someone else's history is not mine.
    assert not client_for(make_member()).get("/resources/library/").context["entries"]


def test_recommendations_follow_role_domains_and_skills(catalogue):
    member = make_member()
    profile = member.profile
    profile.role = "growth"
    profile.domains = ["ai"]
    profile.save()
    profile.skills.set(["pricing"])
    client = client_for(member)
    picks = client.get("/resources/library/").context["recommendations"]
    assert [pick.resource.slug for pick in picks][:2] == ["episode-1", "pricing-book"]
    assert picks[0].reason == "Because you're a growth PM interested in pricing"
    assert picks[1].reason == "Because you're interested in pricing"
    # Downloaded resources drop out of the picks.
    consume(client.get(catalogue["pricing-book"].get_download_url()))
    picks = client.get("/resources/library/").context["recommendations"]
    assert "pricing-book" not in [pick.resource.slug for pick in picks]
    # And on a resource page, the page itself is not recommended.
    detail = client.get(catalogue["episode-1"].get_absolute_url())
    assert "episode-1" not in [pick.resource.slug for pick in detail.context["recommendations"]]


def test_query_counts(catalogue, member, django_assert_max_num_queries):
    DownloadEvent.objects.create(resource=catalogue["roadmaps-book"], member=member)
    profile = member.profile
    profile.role = "growth"
    profile.save()
    profile.skills.set(["pricing"])
    pages = [
        "/resources/",
        "/resources/?q=pricing&kind=ebook&tag=pricing&sort=popular",
        "/resources/?series=product-award",
        "/resources/roadmaps-book/",
        "/resources/episode-1/",
    ]
    visitor, signed_in = client_for(), client_for(member)
    for url in pages:
        with django_assert_max_num_queries(VISITOR_MAX):
            assert visitor.get(url).status_code == 200
        with django_assert_max_num_queries(MEMBER_MAX):
            assert signed_in.get(url).status_code == 200
    with django_assert_max_num_queries(MEMBER_MAX):
        assert signed_in.get("/resources/library/").status_code == 200
    # A member with no interests on their profile gets "related" instead of picks: same budget.
    plain = client_for(make_member())
    for url in [*pages, "/resources/library/"]:
        with django_assert_max_num_queries(MEMBER_MAX):
            assert plain.get(url).status_code == 200


def test_every_page_is_valid_html(catalogue, member, unverified):
    ebook = catalogue["roadmaps-book"]
    visitor, signed_in = client_for(), client_for(member)
    consume(signed_in.get(ebook.get_download_url()))
    pages = {
        "index": visitor.get("/resources/"),
        "search": visitor.get("/resources/?q=pricing"),
        "empty search": visitor.get("/resources/?q=nothingatall"),
        "bad filters": visitor.get("/resources/?kind=x"),
        "detail visitor": visitor.get(ebook.get_absolute_url()),
        "detail member": signed_in.get(ebook.get_absolute_url()),
        "detail unverified": client_for(unverified).get(ebook.get_absolute_url()),
        "podcast member": signed_in.get(catalogue["episode-1"].get_absolute_url()),
        "podcast visitor": visitor.get(catalogue["episode-1"].get_absolute_url()),
        "verify required": client_for(unverified).get(ebook.get_download_url()),
        "library": signed_in.get("/resources/library/"),
        "library empty": client_for(unverified).get("/resources/library/"),
    }
    assert_valid_html({name: response.content.decode() for name, response in pages.items()})


def test_sitemap_lists_published_resources(catalogue):
    body = client_for().get("/sitemap.xml").content.decode()
    assert "/resources/roadmaps-book/</loc>" in body
    assert "/resources/</loc>" in body
    assert "secret-draft" not in body


def test_link_only_resources_use_the_same_gate(member):
    video = ResourceFactory(
        slug="talk", kind="video", file=None, external_url="https://video.example/talk"
    )
    page = client_for().get(video.get_absolute_url()).content.decode()
    assert "Register free to watch" in page
    assert "https://video.example/talk" not in page
    assert client_for().get(video.get_download_url()).status_code == 302
    response = client_for(member).get(video.get_download_url())
    assert response["Location"] == "https://video.example/talk"


def test_visitors_read_only_the_start_of_a_members_only_transcript(member):
    transcript = "Host: welcome. " + "words " * 300 + "The secret ending is zanzibar."
    episode = ResourceFactory(slug="long-episode", kind="podcast", transcript=transcript)
    assert "zanzibar" not in client_for().get(episode.get_absolute_url()).content.decode()
    assert "zanzibar" in client_for(member).get(episode.get_absolute_url()).content.decode()
    # The whole transcript is still searchable, for everyone.
    assert slugs_in(client_for().get("/resources/", {"q": "zanzibar"})) == ["long-episode"]


def test_search_results_highlight_the_words_found_and_nothing_else(catalogue):
    ResourceFactory(
        slug="tricky", title="Tricky pricing", summary="<b onclick=x()>pricing</b> & more"
    )
    html = client_for().get("/resources/", {"q": "pricing"}).content.decode()
    assert "<mark>pricing</mark>" in html
    assert "&lt;b onclick=x()&gt;<mark>pricing</mark>&lt;/b&gt; &amp; more" in html
    assert "<b onclick" not in html

"""One search box: the FAQ search page also lists community threads (to members) and resources,
labelled, after the FAQ's answers, with its typo tolerance, synonyms and highlighting."""

import pytest
from django.test import Client

from faq.models import Synonym
from tests.community.conftest import signed_in, thread
from tests.factories import FaqQuestionFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(ada):
    FaqQuestionFactory(slug="roadmaps", question="How do I build a roadmap?", tags=["roadmap"])
    ResourceFactory(slug="roadmap-kit", title="Roadmap starter kit", access="public")
    thread(ada, title="Who owns the roadmap in a startup?")
    thread(ada, title="Something about hiring designers")
    Synonym.objects.create(term="plan", expansions="roadmap")


def test_members_see_faq_then_resources_then_community(content, ada):
    page = signed_in(ada).get("/faq/search/", {"q": "roadmap"}).content.decode()
    faq, resources, community = (
        page.index("How do I build"),
        page.index("Resources</h2>"),
        page.index("From the community</h2>"),
    )
    assert faq < resources < community
    assert "Who owns the <mark>roadmap</mark> in a startup?" in page
    assert "hiring designers" not in page


def test_typos_and_synonyms_reach_the_other_sources(content, ada):
    client = signed_in(ada)
    assert "Who owns the" in client.get("/faq/search/", {"q": "roadmpa"}).content.decode()
    assert "Who owns the" in client.get("/faq/search/", {"q": "plan"}).content.decode()


def test_visitors_see_resources_but_no_community_threads(content):
    page = Client().get("/faq/search/", {"q": "roadmap"}).content.decode()
    assert "Roadmap starter kit" in page or "starter kit" in page
    assert "From the community" not in page and "Who owns" not in page


def test_a_failed_search_and_a_no_offer_members_to_ask_the_community(ada, faq_tags):
    member, visitor = signed_in(ada), Client()
    failed = {"q": "xylophone quartet"}
    assert (
        "/community/ask/?q=xylophone%20quartet"
        in member.get("/faq/search/", failed).content.decode()
    )
    assert "/community/ask/" not in visitor.get("/faq/search/", failed).content.decode()
    member.post("/faq/roadmaps/helpful/", {"helpful": "no"})
    page = member.get("/faq/roadmaps/?voted=no").content.decode()
    assert "Ask other members about it" in page


def test_the_other_sources_list_only_what_holds_every_word(content, ada):
    """One common word of several matched a tenth of the threads; ranking them all was slow and
    mostly noise: threads and resources must hold every word (the FAQ keeps its partial ones)."""
    client = signed_in(ada)
    both = client.get("/faq/search/", {"q": "roadmap startup"}).content.decode()
    assert "Who owns the" in both
    one = client.get("/faq/search/", {"q": "roadmap designers"}).content.decode()
    assert "Who owns the" not in one and "hiring designers" not in one
    assert "How do I build" in one  # the FAQ's partial match stays

"""The FAQ in a real Chromium: find an answer despite a typo, vote, and ask what is missing."""

import pytest
from django.core import mail

from faq import demo
from faq.models import HelpfulVote, SearchLog, SubmittedQuestion
from tests.quality import assert_accessible, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_search_with_a_typo_open_vote_and_ask(live_server, page):
    demo.load()
    page.goto(live_server.url + "/faq/")
    assert page.title().startswith("Product management FAQ")
    assert_accessible(page)

    # The plain form: type with a typo and press Enter.
    page.get_by_label("Search the FAQ").fill("imposter syndrom")
    page.get_by_label("Search the FAQ").press("Enter")
    page.wait_for_url("**/faq/search/?q=imposter+syndrom")
    first = page.locator(".faq-result").first
    assert "impostor syndrome" in first.inner_text().lower()
    assert first.locator("mark").count() >= 1
    assert_accessible(page)

    first.get_by_role("link").click()
    page.wait_for_url("**/faq/impostor-syndrome-in-product-management/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How do I deal")
    assert_accessible(page)

    page.get_by_role("button", name="No").click()
    page.wait_for_url("**?voted=no#helpful")
    page.get_by_label("What were you looking for?").fill("Some exercises to try.")
    page.get_by_role("button", name="Send comment").click()
    assert page.get_by_text("We read every comment").is_visible()
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.comment) == (False, "Some exercises to try.")

    # A search that finds nothing offers the "Ask us" form, prefilled with the search text.
    page.goto(live_server.url + "/faq/search/?q=Pricing+for+Kubernetes+operators")
    assert (
        page.get_by_text("No answers found").is_visible()
        or page.get_by_text("No answer matches every word").is_visible()
    )
    assert page.get_by_label("Your question").input_value() == "Pricing for Kubernetes operators"
    assert_accessible(page)
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("Your email").fill("grace@example.org")
    page.get_by_role("button", name="Send my question").click()
    assert page.get_by_text("we have your question").is_visible()
    assert SubmittedQuestion.objects.get().question == "Pricing for Kubernetes operators"
    assert len(mail.outbox) == 2
    assert SearchLog.objects.filter(query="imposter syndrom", results__gt=0).exists()
    assert_valid_html({"ask-thanks": page.content()})


def test_search_as_you_type(live_server, page):
    demo.load()
    page.goto(live_server.url + "/faq/first-90-days-as-a-product-manager/")
    page.get_by_label("Search the FAQ").press_sequentially("rodmap", delay=30)
    live = page.locator("[data-faq-live] .faq-result").first
    live.wait_for()
    assert "roadmap" in live.inner_text().lower()
    # As-you-type requests are not searches a person ran.
    assert SearchLog.objects.count() == 0


def test_faq_pages_on_a_phone(live_server, narrow_page):
    demo.load()
    for path in (
        "/faq/",
        "/faq/product-manager-roles-and-responsibilities/",
        "/faq/search/?q=roadmap",
        "/faq/search/?q=zzzz",
        "/faq/ask/",
    ):
        narrow_page.goto(live_server.url + path)
        assert no_overflow(narrow_page), path
    assert_accessible(narrow_page)

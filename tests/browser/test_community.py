"""The loop in a browser: a failed FAQ search becomes a community question (at 360 px), another
member answers, the asker accepts, staff promote and publish, the asker is told. Every community
page passes axe and the Nu checker."""

import pytest
from playwright.sync_api import expect

from community import services
from community.models import Question
from faq.models import QuestionStatus
from tests.browser.test_network import fits, sign_in
from tests.factories import FaqQuestionFactory, StaffFactory
from tests.network.conftest import person
from tests.quality import assert_accessible, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWER = "Price the quartet per performance, then offer a season pass to regular venues."


def test_a_failed_search_becomes_an_faq_answer(live_server, page, narrow_page):
    roadmaps = FaqQuestionFactory(
        slug="roadmaps", question="How do I build a roadmap?", tags=["roadmap"]
    )
    ada, ben = person("Ada Asker"), person("Ben Answerer")
    pages = {}

    # Ada's search finds nothing; she asks the members, on a phone-sized screen.
    sign_in(narrow_page, live_server.url, ada.email, "/faq/")
    narrow_page.goto(live_server.url + "/faq/search/?q=xylophone+quartet+pricing")
    narrow_page.get_by_role("link", name="Ask other members").click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text("Ask the community")
    expect(narrow_page.get_by_label("Your question")).to_have_value("xylophone quartet pricing")
    fits(narrow_page)
    pages["ask"] = narrow_page.content()
    narrow_page.get_by_label("Your question").fill("How should I price a xylophone quartet?")
    narrow_page.get_by_label("Details (optional)").fill("We play **weddings** and festivals.")
    narrow_page.get_by_label("roadmap").check()
    narrow_page.get_by_role("button", name="Post the question").click()
    expect(narrow_page.get_by_role("status").first).to_contain_text("Your question is posted")
    fits(narrow_page)

    # Ben finds it in the list and answers.
    sign_in(page, live_server.url, ben.email, "/community/")
    assert_accessible(page)
    pages["list"] = page.content()
    page.get_by_role("link", name="How should I price a xylophone quartet?").click()
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Post the answer").click()
    expect(page.locator(".community__answer")).to_contain_text("season pass")
    assert_accessible(page)

    # Ada accepts it.
    narrow_page.reload()
    narrow_page.get_by_role("button", name="Accept this answer by Ben Answerer").click()
    expect(narrow_page.get_by_role("status").first).to_contain_text("You accepted this answer")
    expect(narrow_page.locator(".community__answer--accepted")).to_contain_text("season pass")
    fits(narrow_page)
    pages["thread"] = narrow_page.content()

    # Staff promote the thread and publish the draft; Ada is told.
    question = Question.objects.get()
    entry = services.question_promote(
        staff=StaffFactory(), question=question, category=roadmaps.category
    )
    entry.status = QuestionStatus.PUBLISHED
    entry.save()
    narrow_page.goto(live_server.url + "/notifications/")
    expect(narrow_page.get_by_role("main")).to_contain_text("is now answered in the FAQ")
    narrow_page.goto(live_server.url + question.get_absolute_url())
    expect(narrow_page.get_by_role("status").first).to_contain_text("Now answered in the FAQ")
    fits(narrow_page)
    assert_valid_html(pages)

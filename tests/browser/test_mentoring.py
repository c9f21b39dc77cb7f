"""A mentee asks for mentoring from a mentor card (at 360 px), the mentor accepts, and the pair's
page shows the goals and a session note; every mentoring page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import fits, sign_in
from tests.mentoring.conftest import mentor_person
from tests.network.conftest import person
from tests.quality import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MESSAGE = "I am a new product lead and would value an hour a month on pricing with you."


def test_a_mentee_asks_and_the_mentor_accepts(live_server, page, narrow_page):
    mia = mentor_person("Mia Mentor", capacity=3)
    ted = person("Ted Mentee", skills=["pricing"], looking_for_mentor=True)

    # Ted finds Mia in mentor match on a phone-sized screen and asks with two goals.
    sign_in(narrow_page, live_server.url, ted.email, "/members/mentors/")
    expect(narrow_page.locator(".member__mentoring")).to_contain_text("3 places free")
    fits(narrow_page)
    narrow_page.get_by_role("link", name="Ask for mentoring from Mia Mentor").click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text("Ask Mia Mentor for mentoring")
    fits(narrow_page)
    narrow_page.get_by_label("Goal 1").fill("Run my first pricing experiment")
    narrow_page.get_by_label("Goal 2 (optional)").fill("Present a roadmap to the board")
    narrow_page.get_by_label("Message to the mentor").fill(MESSAGE)
    narrow_page.get_by_role("button", name="Send request").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("on its way to Mia Mentor")
    expect(narrow_page.locator(".badge")).to_have_text("Pending")
    fits(narrow_page)

    # Mia opens her mentoring hub and accepts.
    sign_in(page, live_server.url, mia.email, "/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name="Ted Mentee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ted Mentee asks you for mentoring")
    expect(page.locator(".mentoring__goals")).to_contain_text("Run my first pricing experiment")
    assert ted.email not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("mentorship with Ted Mentee has started")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring Ted Mentee")
    assert_accessible(page)

    # Mia writes a session note; Ted sees it and the goals on the pair's page.
    page.get_by_label("Summary").fill("We picked two price points to test.")
    page.get_by_label("Next steps (optional)").fill("Ted drafts the experiment.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_role("status")).to_contain_text("Your note is added")

    narrow_page.goto(live_server.url + "/mentoring/")
    fits(narrow_page)
    narrow_page.get_by_role("link", name="Mia Mentor").click()
    goals = narrow_page.get_by_role("region", name="Goals")
    expect(goals).to_contain_text("Run my first pricing experiment")
    expect(goals).to_contain_text("Present a roadmap to the board")
    notes = narrow_page.get_by_role("region", name="Session notes")
    expect(notes).to_contain_text("We picked two price points to test.")
    expect(notes).to_contain_text("by Mia Mentor")
    fits(narrow_page)
    narrow_page.get_by_label("Status of goal 1").select_option("achieved")
    narrow_page.get_by_role("button", name="Update goal 1").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("The goal is updated")

    # Settings, in the account pages.
    page.goto(live_server.url + "/mentoring/settings/")
    assert_accessible(page)
    expect(page.get_by_label("Capacity")).to_have_value("3")

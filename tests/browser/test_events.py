"""A member answers "going" on a phone-sized screen and downloads the calendar file; staff move
the event in the admin; the member is told and the new file has the same UID and a higher
SEQUENCE. /events/ and the event page pass axe and the Nu checker at 360 px."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_network import fits, sign_in
from tests.events.conftest import make_event, member
from tests.factories import StaffFactory, totp_code
from tests.quality import assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download_ics(page) -> icalendar.Event:
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (entry,) = calendar.walk("VEVENT")
    return entry


def test_a_member_answers_downloads_the_file_and_hears_of_the_change(
    live_server, page, narrow_page, mailoutbox
):
    # 18:00 in Berlin ten days ahead, whatever the hour the suite runs: moved by an hour below,
    # the new times stay on the same day.
    day = timezone.localdate() + dt.timedelta(days=10)
    starts = dt.datetime.combine(day, dt.time(18), tzinfo=ZoneInfo("Europe/Berlin"))
    event = make_event(capacity=20, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    make_event("old-meetup", days=-30, title="Roadmap evening")
    mia = member("Mia Member")

    sign_in(narrow_page, live_server.url, mia.email, "/events/")
    fits(narrow_page)
    pages = {"events": narrow_page.content()}
    narrow_page.get_by_role("link", name="Pricing night").click()
    expect(narrow_page.get_by_role("heading", level=1)).to_have_text("Pricing night")
    expect(narrow_page.get_by_text(event.online_url)).to_have_count(0)
    narrow_page.get_by_label("Going", exact=True).check()
    narrow_page.get_by_label("Show me on the attendee list").check()
    narrow_page.get_by_role("button", name="Save my answer").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("Your answer is saved: going")
    expect(narrow_page.get_by_role("link", name=event.online_url)).to_be_visible()
    expect(narrow_page.get_by_role("region", name="Who is going")).to_contain_text("Mia Member")
    fits(narrow_page)
    pages["event"] = narrow_page.content()
    before = download_ics(narrow_page)
    assert before["SEQUENCE"] == 0 and event.online_url in before["DESCRIPTION"]

    # Staff move the event by an hour in the admin.
    boss = StaffFactory(email="boss@example.org", is_superuser=True)
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True, primary=True)
    change = f"/admin/events/event/{event.pk}/change/"
    page.goto(f"{live_server.url}/accounts/login/?next={change}")
    page.get_by_label("Email").fill(boss.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator('input[name="code"]').fill(totp_code(boss.totp_secret))
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_url(f"**{change}")
    page.locator('input[name="local_start_1"]').fill("19:00")
    page.locator('input[name="local_end_1"]').fill("21:00")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("new time or place")

    # Mia is told, in the site and by email; the new file updates the same calendar entry.
    assert [m.to for m in mailoutbox if "new time or place" in m.subject] == [[mia.email]]
    narrow_page.goto(live_server.url + "/notifications/")
    expect(narrow_page.get_by_text("Pricing night has a new time or place")).to_be_visible()
    narrow_page.goto(live_server.url + event.get_absolute_url())
    after = download_ics(narrow_page)
    assert after["UID"] == before["UID"] and after["SEQUENCE"] == 1
    assert (after.decoded("DTSTART") - before.decoded("DTSTART")).total_seconds() == 3600

    # Her private feed, from the event page; a new address replaces it.
    narrow_page.get_by_role("link", name="Your calendar feed").click()
    feed = narrow_page.get_by_label("Feed address").input_value()
    feed_path = live_server.url + urlsplit(feed).path
    assert narrow_page.request.get(feed_path).status == 200
    fits(narrow_page)
    pages["calendar feed"] = narrow_page.content()
    narrow_page.get_by_role("button", name="Make a new address").click()
    expect(narrow_page.get_by_role("status")).to_contain_text("the old one no longer works")
    assert narrow_page.get_by_label("Feed address").input_value() != feed
    assert narrow_page.request.get(feed_path).status == 404
    assert_valid_html(pages)

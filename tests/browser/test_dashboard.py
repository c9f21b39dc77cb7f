"""The dashboard in Chromium: a staff member opens it, reads it, switches the period."""

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from faq.models import SearchLog
from tests.factories import StaffFactory, totp_code
from tests.quality import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_opens_the_dashboard_and_switches_the_period(live_server, page):
    boss = StaffFactory(email="boss@example.org")
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True, primary=True)
    SearchLog.objects.create(query="rodmap", results=0)
    SearchLog.objects.create(
        query="pricing", results=2, created_at=timezone.now() - dt.timedelta(days=40)
    )
    page.goto(live_server.url + "/accounts/login/?next=/dashboard/")
    page.get_by_label("Email").fill("boss@example.org")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")  # staff always give a second factor
    page.locator('input[name="code"]').fill(totp_code(boss.totp_secret))
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_url("**/dashboard/")

    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert (
        page.locator("svg.chart").count() == 5
    )  # sign-ups, downloads, directory searches, introductions, conversations
    top = page.get_by_role("table").filter(has_text="rodmap").first
    assert top.is_visible()
    assert_accessible(page)

    page.get_by_label("Period").select_option("90")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**days=90**")
    assert page.get_by_text("(90 days)").is_visible()
    assert page.get_by_role("rowheader", name="pricing").first.is_visible()

    # Phone width: the page scrolls vertically only.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

"""XSS in a real Chromium: pages holding the whole payload corpus (stored and reflected) raise
no dialog and never set the canary, for a visitor, a member and staff."""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from tests.factories import MemberFactory, StaffFactory
from tests.security.xss import CANARY, PAYLOADS, plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class World:
    def __init__(self) -> None:
        self.users = {"member": MemberFactory(email="viewer@example.org", listed=True)}
        staff = StaffFactory(email="boss@example.org", is_superuser=True)
        EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
        self.users["staff"] = staff


def session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_no_payload_runs_in_chromium(live_server, browser):
    world = World()
    pages = plant(world)
    every_third = slice(None, None, 3)
    pages["visitor"] = pages["visitor"][:4] + pages["visitor"][4:][every_third]
    pages["visitor"] += [f"/faq/search/?{urlencode({'q': p})}" for p in PAYLOADS]
    pages["member"] = pages["member"][:4] + pages["member"][4:][every_third]
    pages["member"] += [f"/members/?{urlencode({'q': p[:100]})}" for p in PAYLOADS[every_third]]
    dialogs, fired = [], []
    for role, urls in pages.items():
        context = browser.new_context()
        if role != "visitor":
            context.add_cookies([session_cookie(world.users[role], live_server)])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in urls:
            page.goto(live_server.url + url, wait_until="load")
            if page.evaluate(f"typeof window.{CANARY} !== 'undefined'"):
                fired.append(url)
        context.close()
    assert sum(len(urls) for urls in pages.values()) > 120
    assert dialogs == [] and fired == [], (dialogs, fired)

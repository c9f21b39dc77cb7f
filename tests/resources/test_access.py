"""The access ladder: every resource URL, for (visitor, unverified, member, staff) and (public,
members-only, draft), in one sweep, so a new URL or a new rule cannot be forgotten."""

import pytest
from django.urls import reverse

from tests.factories import ResourceFactory
from tests.resources.conftest import client_for, consume

pytestmark = pytest.mark.django_db

PEOPLE = ["visitor", "unverified", "member", "staff"]
OK, DENIED, SIGNUP, MISSING = 200, 403, "signup", 404

# (url name, resource state) → expected outcome per person, in PEOPLE order.
LADDER = {
    ("detail", "public"): [OK, OK, OK, OK],
    ("detail", "members"): [OK, OK, OK, OK],
    ("detail", "draft"): [MISSING, MISSING, MISSING, OK],
    ("download", "public"): [OK, OK, OK, OK],
    ("download", "members"): [SIGNUP, DENIED, OK, OK],
    ("download", "draft"): [MISSING, MISSING, MISSING, OK],
    ("cover", "public"): [OK, OK, OK, OK],
    ("cover", "members"): [OK, OK, OK, OK],
    ("cover", "draft"): [MISSING, MISSING, MISSING, OK],
}
STATES = {
    "public": {"access": "public"},
    "members": {"access": "members"},
    "draft": {"access": "members", "status": "draft"},
}


def make(state: str):
    from resources.services import resource_generate_cover

    resource = ResourceFactory(slug=f"ladder-{state}", **STATES[state])
    resource_generate_cover(resource=resource)
    return resource


@pytest.mark.parametrize(("name", "state"), list(LADDER))
def test_access_ladder(people, name, state):
    resource = make(state)
    url = reverse(f"resources:{name}", kwargs={"slug": resource.slug})
    for person, expected in zip(PEOPLE, LADDER[(name, state)], strict=True):
        response = people[person].get(url)
        if expected == SIGNUP:
            assert response.status_code == 302, person
            assert response["Location"] == (
                "/accounts/signup/?next=%2Fresources%2Fladder-members%2F"
            )
        else:
            assert response.status_code == expected, f"{person} {name} {state}"
        if name == "download" and expected == OK:
            assert response["Content-Disposition"].startswith("attachment;")
        consume(response)


def test_every_resource_url_is_in_the_ladder():
    from resources.urls import urlpatterns

    slug_urls = {p.name for p in urlpatterns if "<slug:slug>" in str(p.pattern)}
    assert slug_urls == {name for name, _ in LADDER}


def test_unverified_member_gets_a_helpful_403(people, ebook):
    response = people["unverified"].get(ebook.get_download_url())
    assert response.status_code == 403
    page = response.content.decode()
    assert "Verify your email to download" in page
    # The shared "send me a new link" form (members/_resend.html), back to the resource's page.
    assert 'action="/accounts/email/"' in page and 'name="action_send"' in page
    assert 'name="next" value="/resources/members-ebook/"' in page


def test_library_needs_sign_in(people):
    response = people["visitor"].get("/resources/library/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/resources/library/")
    for person in ("unverified", "member", "staff"):
        assert people[person].get("/resources/library/").status_code == 200


def test_signup_closed_sends_visitors_to_sign_in(settings, ebook):
    settings.PMPORTAL_SIGNUP_OPEN = False
    response = client_for().get(ebook.get_download_url())
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "path",
    [
        "/resources/../../etc/passwd/download/",
        "/resources/..%2F..%2Fetc%2Fpasswd/download/",
        "/resources/%2e%2e/download/",
        "/resources/%2Fetc%2Fpasswd/download/",
        "/resources//etc/passwd/download/",
        "/resources/members-ebook%2F..%2Fother/download/",
        "/resources/members-ebook/download/..%2F..%2Fsettings.py",
        "/resources/C:%5Cwindows%5Cwin.ini/download/",
        "/resources/members-ebook/download/%00",
        "/resources/no-such-resource/download/",
    ],
)
def test_path_tricks_are_404(people, ebook, path):
    response = people["member"].get(path)
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_stored_name_outside_our_pattern_is_never_served(people, ebook, tmp_path):
    from resources.models import Resource

    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    for name in (str(secret), "../secret.txt", "files/../../secret.txt", "/etc/passwd"):
        Resource.objects.filter(pk=ebook.pk).update(file=name)
        response = people["member"].get(ebook.get_download_url())
        assert response.status_code == 404, name
        assert b"top secret" not in response.content


def test_missing_file_is_404_not_500(people, ebook):
    ebook.file.storage.delete(ebook.file.name)
    assert people["member"].get(ebook.get_download_url()).status_code == 404


def test_no_page_links_to_the_stored_file(people, ebook):
    for person in PEOPLE:
        for url in ("/resources/", ebook.get_absolute_url()):
            page = people[person].get(url).content.decode()
            assert ebook.file.name not in page
            assert "media-not-served" not in page

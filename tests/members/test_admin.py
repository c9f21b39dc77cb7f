"""Members admin: search, filters, CSV export, and no secrets for staff."""

import csv
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission

from tests.factories import MemberFactory, add_totp

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/members/user/"


@pytest.fixture
def superuser(client):
    admin = MemberFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_totp(admin)
    client.force_login(admin)
    return admin


@pytest.fixture
def staff(client):
    """Staff with every permission on users and authenticators, but not a superuser."""
    person = MemberFactory(email="staff@example.org", is_staff=True)
    add_totp(person)
    person.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["members", "mfa", "account", "socialaccount"]
        )
    )
    client.force_login(person)
    return person


@pytest.fixture
def people():
    return [
        MemberFactory(
            email="ana@example.org",
            listed=True,
            profile__display_name="Ana Growth",
            profile__role="growth",
            profile__country="PT",
        ),
        MemberFactory(email="ben@example.org", verified=False, profile__role="technical"),
        MemberFactory(email="=cmd|'/c calc'!A1@example.org", profile__display_name="=HYPERLINK()"),
    ]


def emails(response) -> set[str]:
    return {user.email for user in response.context["cl"].result_list}


def test_search_and_filters(client, superuser, people):
    assert emails(client.get(CHANGELIST, {"q": "Ana Growth"})) == {"ana@example.org"}
    MemberFactory(email="diego@example.org", profile__display_name="Diego Álvarez")
    assert emails(client.get(CHANGELIST, {"q": "alvarez"})) == {"diego@example.org"}  # accents
    verified = emails(client.get(CHANGELIST, {"verified": "yes"}))
    assert "ana@example.org" in verified and "ben@example.org" not in verified
    assert emails(client.get(CHANGELIST, {"verified": "no"})) == {"ben@example.org"}
    assert emails(client.get(CHANGELIST, {"profile__is_listed__exact": "1"})) == {"ana@example.org"}
    assert emails(client.get(CHANGELIST, {"profile__role__exact": "technical"})) == {
        "ben@example.org"
    }
    assert emails(client.get(CHANGELIST, {"profile__country__exact": "PT"})) == {"ana@example.org"}
    since = {"date_joined__gte": "2000-01-01 00:00:00+00:00"}
    assert client.get(CHANGELIST, since).status_code == 200


def test_changelist_query_count(client, superuser, people, django_assert_max_num_queries):
    MemberFactory.create_batch(10)
    with django_assert_max_num_queries(12):
        assert client.get(CHANGELIST).status_code == 200


def test_csv_export_for_staff(client, staff, people):
    ids = [str(user.pk) for user in people]
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": ids, "index": 0}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["email"] for row in rows} >= {"ana@example.org", "ben@example.org"}
    ana = next(row for row in rows if row["email"] == "ana@example.org")
    assert ana["verified"] == "True" and ana["listed"] == "True" and ana["country"] == "PT"
    # Spreadsheet formulas from member-written text are neutralised.
    evil = next(row for row in rows if row["display_name"].startswith("'"))
    assert evil["display_name"] == "'=HYPERLINK()"
    assert all(not row["email"].startswith("=") for row in rows)
    assert "password" not in response.content.decode().lower()


def test_staff_never_see_a_password_hash_or_grant_rights(client, staff, people):
    target = people[0]
    page = client.get(f"/admin/members/user/{target.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert target.password not in body
    assert "md5$" not in body and "pbkdf2" not in body
    assert 'name="password"' not in body
    assert 'name="is_superuser"' not in body
    assert 'name="is_staff"' not in body


def test_superusers_see_only_the_masked_hash(client, superuser, people):
    target = people[0]
    body = client.get(f"/admin/members/user/{target.pk}/change/").content.decode()
    assert target.password not in body


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_nobody_sees_mfa_secrets_in_the_admin(client, request, who, people):
    request.getfixturevalue(who)
    secret = generate_totp_secret()
    TOTP.activate(people[0], secret)
    authenticator = Authenticator.objects.get(user=people[0])
    listing = client.get("/admin/mfa/authenticator/")
    page = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert listing.status_code == 200 and page.status_code == 200
    for body in (listing.content.decode(), page.content.decode()):
        assert secret not in body
        assert "secret" not in body.lower() or 'name="data"' not in body


def test_members_cannot_open_the_admin(client, people):
    client.force_login(people[0])
    assert client.get(CHANGELIST).status_code == 302


def test_staff_cannot_take_over_other_staff_or_set_passwords(client, staff, superuser, people):
    client.force_login(staff)
    assert client.get(f"/admin/members/user/{people[0].pk}/password/").status_code == 403
    page = client.get(f"/admin/members/user/{superuser.pk}/change/")
    assert 'name="email"' not in page.content.decode()  # view only
    response = client.post(
        f"/admin/members/user/{superuser.pk}/change/", {"email": "mine@example.org"}
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"
    assert client.get(f"/admin/members/user/{superuser.pk}/delete/").status_code == 403
    # A member's profile can still be edited by staff.
    assert (
        'name="email"' in client.get(f"/admin/members/user/{people[0].pk}/change/").content.decode()
    )

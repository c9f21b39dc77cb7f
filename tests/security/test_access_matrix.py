"""The access matrix: every URL Django knows x (visitor, unverified, member, other, staff).

The routes come from Django's resolver (allauth's and the admin's included), so a new route
fails `test_every_route_is_in_the_matrix` until someone decides who may open it. Objects a role
may not see answer 404, never 403 (a 403 would confirm they exist).
"""

import pytest
from django.conf import settings

from tests.security.conftest import ROLES, walk
from tests.security.urls import concrete

pytestmark = pytest.mark.django_db

# Outcome of a GET per role (ROLES order): a status, "login" (sent to sign in with next),
# "admin-login", or "→/path" (redirected there). The object in parametrized URLs belongs to
# "other": a listed member's profile, a published FAQ question, a members-only resource.
EXPECTED = {
    "home": ("200", "200", "200", "200", "200"),
    "healthz": ("200", "200", "200", "200", "200"),
    "insights:dashboard": ("login", "403", "403", "403", "200"),
    "sitemap": ("200", "200", "200", "200", "200"),
    "robots": ("200", "200", "200", "200", "200"),
    "account_login": ("200", "→/", "→/", "→/", "→/"),
    "account_logout": ("→/", "200", "200", "200", "200"),
    "account_inactive": ("200", "200", "200", "200", "200"),
    "account_signup": ("200", "→/", "→/", "→/", "→/"),
    "account_reauthenticate": ("login", "200", "200", "200", "200"),
    "account_email": ("login", "200", "200", "200", "200"),
    "account_email_verification_sent": ("200", "200", "200", "200", "200"),
    "account_change_password": ("login", "200", "200", "200", "200"),
    "account_set_password": (
        "login",
        "→/accounts/password/change/",
        "→/accounts/password/change/",
        "→/accounts/password/change/",
        "→/accounts/password/change/",
    ),
    "account_reset_password": ("200", "200", "200", "200", "200"),
    "account_confirm_login_code": ("→/accounts/login/code/", "→/", "→/", "→/", "→/"),
    "account_confirm_email": ("200", "200", "200", "200", "200"),
    "account_reset_password_from_key_done": ("200", "200", "200", "200", "200"),
    "account_reset_password_from_key": ("200", "200", "200", "200", "200"),
    "account_reset_password_done": ("200", "200", "200", "200", "200"),
    "account_request_login_code": ("200", "→/", "→/", "→/", "→/"),
    "mfa_index": ("login", "200", "200", "200", "200"),
    "mfa_authenticate": ("→/accounts/login/", "→/", "→/", "→/", "→/"),
    "mfa_reauthenticate": (
        "login",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "200",
    ),
    "mfa_activate_totp": (
        "login",
        "→/accounts/2fa/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_deactivate_totp": ("login", "404", "404", "404", "→/accounts/reauthenticate/"),
    "mfa_view_recovery_codes": ("login", "404", "404", "404", "404"),
    "mfa_generate_recovery_codes": (
        "login",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_download_recovery_codes": ("login", "404", "404", "404", "404"),
    "mfa_list_webauthn": ("login", "200", "200", "200", "200"),
    "mfa_add_webauthn": (
        "login",
        "→/accounts/2fa/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_reauthenticate_webauthn": (
        "login",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_remove_webauthn": (
        "login",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_edit_webauthn": (
        "login",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
        "→/accounts/reauthenticate/",
    ),
    "mfa_login_webauthn": ("→/accounts/login/", "→/", "→/", "→/", "→/"),
    "socialaccount_login_cancelled": ("200", "200", "200", "200", "200"),
    "socialaccount_login_error": ("401", "401", "401", "401", "401"),
    "socialaccount_signup": ("→/accounts/login/",) * 5,
    "socialaccount_connections": ("login", "200", "200", "200", "200"),
    "accounts/social/login/cancelled/": (
        "→/accounts/3rdparty/login/cancelled/",
        "→/accounts/3rdparty/login/cancelled/",
        "→/accounts/3rdparty/login/cancelled/",
        "→/accounts/3rdparty/login/cancelled/",
        "→/accounts/3rdparty/login/cancelled/",
    ),
    "accounts/social/login/error/": (
        "→/accounts/3rdparty/login/error/",
        "→/accounts/3rdparty/login/error/",
        "→/accounts/3rdparty/login/error/",
        "→/accounts/3rdparty/login/error/",
        "→/accounts/3rdparty/login/error/",
    ),
    "accounts/social/signup/": (
        "→/accounts/3rdparty/signup/",
        "→/accounts/3rdparty/signup/",
        "→/accounts/3rdparty/signup/",
        "→/accounts/3rdparty/signup/",
        "→/accounts/3rdparty/signup/",
    ),
    "accounts/social/connections/": (
        "→/accounts/3rdparty/",
        "→/accounts/3rdparty/",
        "→/accounts/3rdparty/",
        "→/accounts/3rdparty/",
        "→/accounts/3rdparty/",
    ),
    "faq:index": ("200", "200", "200", "200", "200"),
    "faq:search": ("200", "200", "200", "200", "200"),
    "faq:ask": ("200", "200", "200", "200", "200"),
    "faq:question": ("200", "200", "200", "200", "200"),
    "faq:vote": ("405", "405", "405", "405", "405"),
    "faq:notify": ("login", "405", "405", "405", "405"),  # POST only, members only
    "faq:vote_comment": ("405", "405", "405", "405", "405"),
    "members:directory": ("login", "403", "200", "200", "200"),
    "members:mentors": ("login", "403", "200", "200", "200"),
    "members:me": ("login", "200", "200", "200", "200"),
    "members:export": ("login", "200", "200", "200", "200"),
    "members:delete": ("login", "200", "200", "200", "200"),
    "members:profile": ("login", "403", "200", "200", "200"),
    "members:avatar": ("login", "404", "404", "404", "404"),
    # The handle is "other"'s: they may not ask, block or report themselves.
    "network:index": ("login", "403", "200", "200", "200"),
    "network:blocked": ("login", "403", "200", "200", "200"),
    "network:introduction": ("login", "403", "404", "404", "404"),
    "network:answer": ("login", "403", "405", "405", "405"),
    "network:report_introduction": ("login", "403", "404", "404", "404"),
    "network:ask": ("login", "403", "200", "404", "200"),
    "network:block": ("login", "403", "200", "404", "200"),
    "network:unblock": ("login", "403", "405", "405", "405"),
    "network:remove": ("login", "403", "405", "405", "405"),
    "network:report": ("login", "403", "200", "404", "200"),
    # Mentoring: the handle is "other"'s, who does not offer mentoring (404, as for a stranger).
    "mentoring:index": ("login", "403", "200", "200", "200"),
    "mentoring:settings": ("login", "403", "200", "200", "200"),
    "mentoring:ask": ("login", "403", "404", "404", "404"),
    "mentoring:request": ("login", "403", "404", "404", "404"),
    "mentoring:mentorship": ("login", "403", "404", "404", "404"),
    "network:conversations": ("login", "403", "200", "200", "200"),
    # Only a connection or the other member of a conversation (tests/network: IDOR).
    "network:conversation": ("login", "403", "404", "404", "404"),
    "network:conversation_with": ("login", "403", "404", "404", "404"),
    "network:report_message": ("login", "403", "404", "404", "404"),
    # Community questions: verified members; the pk is no post of theirs (tests/community).
    "community:index": ("login", "403", "200", "200", "200"),
    "community:ask": ("login", "403", "200", "200", "200"),
    "community:question": ("login", "403", "404", "404", "404"),
    "community:edit": ("login", "403", "404", "404", "404"),
    "community:delete": ("login", "403", "404", "404", "404"),
    "community:report": ("login", "403", "404", "404", "404"),
    "community:answer_edit": ("login", "403", "404", "404", "404"),
    "community:answer_delete": ("login", "403", "404", "404", "404"),
    "community:answer_report": ("login", "403", "404", "404", "404"),
    "community:answer": ("login", "403", "405", "405", "405"),
    "community:follow": ("login", "403", "405", "405", "405"),
    "community:accept": ("login", "403", "405", "405", "405"),
    "community:helpful": ("login", "403", "405", "405", "405"),
    "digest:settings": ("login", "403", "200", "200", "200"),
    "digest:unsubscribe": ("400", "400", "400", "400", "400"),  # a bad token here
    "notifications:index": ("login", "200", "200", "200", "200"),
    "notifications:read_all": ("login", "405", "405", "405", "405"),  # POST only
    "notifications:preferences": ("login", "200", "200", "200", "200"),
    "notifications:unsubscribe": ("400", "400", "400", "400", "400"),  # a bad token here
    "notifications:open": ("login", "405", "405", "405", "405"),  # POST only
    "events:index": ("200", "200", "200", "200", "200"),
    "events:detail": ("200", "200", "200", "200", "200"),
    "events:ics": ("200", "200", "200", "200", "200"),
    "events:rsvp": ("405", "405", "405", "405", "405"),  # POST only (members: tests/events)
    "events:feed": ("404", "404", "404", "404", "404"),  # a bad token here; no session needed
    "events:calendar": ("login", "403", "200", "200", "200"),
    "resources:index": ("200", "200", "200", "200", "200"),
    "resources:library": ("login", "200", "200", "200", "200"),
    "resources:detail": ("200", "200", "200", "200", "200"),
    "resources:download": ("→/accounts/signup/", "403", "200", "200", "200"),
    "resources:cover": ("404", "404", "404", "404", "404"),
}

# Routes a visitor may open without signing in: everything else must send them to sign in.
PUBLIC = {
    "home",
    "healthz",
    "sitemap",
    "robots",
    "account_login",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_confirm_email",
    "account_reset_password_from_key_done",
    "account_reset_password_from_key",
    "account_reset_password_done",
    "account_request_login_code",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "accounts/social/login/cancelled/",
    "accounts/social/login/error/",
    "accounts/social/signup/",
    "accounts/social/connections/",
    "faq:index",
    "faq:search",
    "faq:ask",
    "faq:question",
    "faq:vote",
    "faq:vote_comment",
    "resources:index",
    "resources:detail",
    "resources:cover",
    # Events are public; answering needs a verified member, the feed only its secret token.
    "events:index",
    "events:detail",
    "events:ics",
    "events:rsvp",
    "events:feed",
    # The one-click unsubscribe link in emails works without a session (a signed token).
    "notifications:unsubscribe",
    "digest:unsubscribe",
    # Sign-out without a session only sends the visitor home.
    "account_logout",
}


def outcome(response) -> str:
    if response.streaming:
        b"".join(response.streaming_content)  # closes the file behind a download
    if response.status_code not in {301, 302, 303, 307, 308}:
        return str(response.status_code)
    location = response["Location"]
    if location.startswith("/accounts/login/?next="):
        return "login"
    if location.startswith("/admin/login/?next="):
        return "admin-login"
    return "→" + location.split("?")[0]


def routes() -> list[tuple[str, str]]:
    return list(walk())


def key(route: str, name: str) -> str:
    return name or route


def test_every_route_is_in_the_matrix():
    site = {key(route, name) for route, name in routes() if not name.startswith("admin:")}
    assert site - EXPECTED.keys() == set(), "new routes: add them to EXPECTED (and PUBLIC?)"
    assert EXPECTED.keys() - site == set(), "routes that no longer exist"


def test_public_routes_are_an_explicit_allow_list():
    open_to_visitors = {
        name
        for name, cells in EXPECTED.items()
        if cells[0] not in {"login", "admin-login", "→/accounts/signup/"}
        and not cells[0].startswith("→/accounts/login/")  # steps of a sign-in in progress
    }
    assert open_to_visitors == PUBLIC


def test_every_route_answers_every_role_as_specified(world):
    clients = {role: world.client(role) for role in ROLES}
    wrong = []
    for route, name in routes():
        if name.startswith("admin:"):
            continue
        url = concrete(route, name, world)
        got = tuple(outcome(clients[role].get(url)) for role in ROLES)
        if got != EXPECTED[key(route, name)]:
            wrong.append(f"{url}: got {got}, expected {EXPECTED[key(route, name)]}")
    assert not wrong, "\n".join(wrong)


def test_every_admin_route_is_for_staff_only(world):
    clients = {role: world.client(role) for role in ROLES}
    admin_routes = [(r, n) for r, n in routes() if n.startswith("admin:")]
    assert len(admin_routes) > 50
    wrong = []
    for route, name in admin_routes:
        if name in {"admin:login", "admin:logout"}:
            continue
        url = concrete(route, name, world)
        for role in ROLES[:-1]:
            got = outcome(clients[role].get(url))
            if got != "admin-login":
                wrong.append(f"{role} {url}: {got}")
        got = outcome(clients["staff"].get(url))
        if (
            got == "admin-login"
            or got.startswith("5")
            # 403 only where nobody may act: read-only logs (the task queue's results too),
            # autocomplete without a field, and deleting the Site row every page reads
            # (pmportal/admin.py).
            or (
                got == "403"
                and not url.endswith(("/add/", "/autocomplete/"))
                and not url.startswith("/admin/django_tasks_database/")
                and url != f"/admin/sites/site/{settings.SITE_ID}/delete/"
            )
        ):
            wrong.append(f"staff {url}: {got}")
    assert not wrong, "\n".join(wrong)


def test_the_admin_login_sends_members_away(world):
    """Signed-in members never see an admin sign-in form to guess staff passwords in."""
    for role in ("unverified", "member", "other"):
        assert world.client(role).get("/admin/login/").status_code == 403
    assert outcome(world.client("visitor").get("/admin/login/")) == "login"


@pytest.mark.parametrize("role", ["other", "staff", "unverified"])
def test_a_hidden_profile_does_not_exist_for_anyone_else(world, role):
    hidden = world.users["hidden"].profile
    client = world.client(role)
    expected = 403 if role == "unverified" else 404  # unverified: asked to verify first
    assert client.get(f"/members/{hidden.handle}/").status_code == expected
    assert client.get(f"/members/{hidden.handle}/photo/").status_code == 404


def test_a_hidden_member_still_sees_their_own_profile(world):
    hidden = world.users["hidden"]
    client = world.client("visitor")
    client.force_login(hidden)
    assert client.get(f"/members/{hidden.profile.handle}/").status_code == 200


@pytest.mark.parametrize("role", ["visitor", "member", "other"])
def test_unpublished_content_does_not_exist(world, role):
    client = world.client(role)
    for url in (
        "/faq/draft-question/",
        "/resources/draft-guide/",
        "/resources/draft-guide/download/",
        "/resources/draft-guide/cover/",
        "/resources/no-such-guide/download/",
        *([] if role == "visitor" else ["/members/no-such-member/"]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_members_security_key_is_not_found(world):
    from allauth.mfa.models import Authenticator

    key_of_other = Authenticator.objects.create(
        user=world.users["other"], type=Authenticator.Type.WEBAUTHN, data={"name": "Key"}
    )
    client = world.client("member")
    for action in ("remove", "edit"):
        response = client.get(f"/accounts/2fa/webauthn/keys/{key_of_other.pk}/{action}/")
        # Asked to confirm the password first; the view itself only looks up the member's keys.
        assert response.status_code in {302, 404}
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/reauthenticate/")

"""Headers and cookies under production settings, on real pages, and the A+ report."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from members.models import User
from scripts.security_report import grade, parse_csp
from tests.factories import MemberFactory
from tests.security.production import run, run_json

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/faq/", "/accounts/login/", "/accounts/signup/", "/members/", "/resources/"]

PROBE = """
import json, django, re
django.setup()
from django.test import Client
pages = %r
out = {"pages": {}}
client = Client(headers={"host": "portal.example.org"})
for path in pages:
    r = client.get(path, secure=True)
    out["pages"][path] = {"status": r.status_code, "headers": dict(r.headers),
                          "cookies": [m.OutputString() for m in r.cookies.values()]}
touched = Client(headers={"host": "portal.example.org"}).get("/?utm_source=news", secure=True)
out["first_touch"] = [m.OutputString() for m in touched.cookies.values()]
login = client.get("/accounts/login/", secure=True)
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.content.decode()).group(1)
signed_in = client.post("/accounts/login/", {"csrfmiddlewaretoken": token,
    "login": "headers@example.org", "password": "correct horse battery staple"},
    secure=True, headers={"origin": "https://portal.example.org",
                          "referer": "https://portal.example.org/accounts/login/"})
out["login"] = {"status": signed_in.status_code,
                "cookies": [m.OutputString() for m in signed_in.cookies.values()]}
me = client.get("/members/me/", secure=True)
out["me"] = {"status": me.status_code, "headers": dict(me.headers)}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(django_db_blocker, django_db_setup):
    with django_db_blocker.unblock():
        # Production settings know no MD5: store the password with their default hasher.
        member = MemberFactory(email="headers@example.org")
        member.password = PBKDF2PasswordHasher().encode("correct horse battery staple", "salt1234")
        member.save(update_fields=["password"])
        try:
            yield run_json(PROBE % (PAGES,))
        finally:
            User.objects.filter(email="headers@example.org").delete()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_strict_headers(production, path):
    page = production["pages"][path]
    assert page["status"] in {200, 302}
    headers = page["headers"]
    csp = parse_csp(headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp)
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    hsts = headers["Strict-Transport-Security"].lower()
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert "includesubdomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = headers["Permissions-Policy"]
    assert "camera=()" in policy and "publickey-credentials-get=(self)" in policy
    assert "Server" not in headers and "X-Powered-By" not in headers


def _cookie_flags(line: str) -> tuple[str, set[str]]:
    name = line.split("=", 1)[0]
    return name, {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}


def test_cookies_are_secure_samesite_and_host_prefixed(production):
    lines = (
        production["pages"]["/accounts/login/"]["cookies"]
        + production["login"]["cookies"]
        + production["first_touch"]
    )
    names = {_cookie_flags(line)[0] for line in lines}
    expected = {"__Host-csrftoken", "__Host-sessionid", "__Host-pm_first_touch"}
    assert expected <= names, lines
    for line in lines:
        name, flags = _cookie_flags(line)
        assert name.startswith("__Host-"), line
        assert {"secure", "samesite", "path"} <= flags, line
        assert "domain" not in flags, line
        assert "httponly" in flags, line  # session and CSRF cookies alike
    assert production["login"]["status"] == 302


def test_member_pages_are_never_stored_by_a_shared_cache(production):
    assert production["me"]["status"] == 200
    cache_control = production["me"]["headers"]["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_security_report_grades_every_page_a_plus():
    result = run("scripts/security_report.py", "--minimum", "A+")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(lines) == 4
    assert all(" A+ " in line for line in lines), result.stdout


def test_the_grade_punishes_weak_headers():
    """The report is not a rubber stamp: the same rules give a bare response an F."""
    assert grade({}, [], redirects_to_https=False).letter == "F"
    weak = grade(
        {
            "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
            "Strict-Transport-Security": "max-age=3600",
        },
        ["sessionid=x; Path=/"],
        redirects_to_https=True,
    )
    assert weak.letter in {"D", "D-", "F"}, weak

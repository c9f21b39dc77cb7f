"""`make security-report`: a Mozilla-Observatory-style grade of the home, FAQ, sign-in and
directory pages, from the headers and cookies the running settings send (the Make target runs it
under production settings). tests/security/test_headers.py uses the same grader.

The scoring follows the Observatory's published rules (https://developer.mozilla.org/en-US/
observatory/docs/tests_and_scoring) for the tests a single response can answer: start at 100,
subtract for what is missing or weak, add bonuses only once the score is at least 90.
"""

import argparse
import os
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "/",
    "FAQ": "/faq/",
    "sign-in": "/accounts/login/",
    "directory": "/members/",
}
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
]
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
HSTS_MINIMUM_SECONDS = 15_768_000  # six months, the Observatory's threshold


@dataclass
class Grade:
    score: int = 100
    findings: list[tuple[str, int]] = field(default_factory=list)

    def note(self, name: str, points: int) -> None:
        self.findings.append((name, points))

    @property
    def letter(self) -> str:
        return next((letter for floor, letter in GRADES if self.score >= floor), "F")


def parse_csp(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in header.split(";"):
        parts = directive.split()
        if parts:
            policy[parts[0].lower()] = [token.lower() for token in parts[1:]]
    return policy


def grade(headers: dict[str, str], set_cookies: list[str], *, redirects_to_https: bool) -> Grade:
    """`headers` of an HTTPS response; `set_cookies` its Set-Cookie lines; whether plain HTTP was
    sent to HTTPS."""
    headers = {name.lower(): value for name, value in headers.items()}
    result = Grade()
    penalties: list[tuple[str, int]] = []
    bonuses: list[tuple[str, int]] = []

    csp = parse_csp(headers.get("content-security-policy", ""))
    scripts = csp.get("script-src", csp.get("default-src", []))
    if not csp:
        penalties.append(("csp-not-implemented", -25))
    elif "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        penalties.append(("csp-implemented-with-unsafe", -20))
    elif any(source in {"http:", "https:", "*"} for source in scripts):
        penalties.append(("csp-implemented-with-insecure-scheme", -10))
    elif csp.get("default-src") == ["'none'"]:
        bonuses.append(("csp-implemented-with-no-unsafe-default-src-none", 10))
    else:
        result.note("csp-implemented-with-no-unsafe", 0)
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if csp and csp.get(directive) != ["'none'"]:
            penalties.append((f"csp-{directive}-not-none", -5))

    cookies = SimpleCookie()
    for line in set_cookies:
        cookies.load(line)
    if not cookies:
        result.note("cookies-not-found", 0)
    elif all(m["secure"] and m["samesite"] and m["httponly"] for m in cookies.values()):
        bonuses.append(("cookies-secure-with-httponly-sessions-and-samesite", 5))
    elif not all(morsel["secure"] for morsel in cookies.values()):
        penalties.append(("cookies-without-secure-flag", -20))
    elif not all(name.startswith("__Host-") for name in cookies):
        penalties.append(("cookies-without-host-prefix", -5))

    hsts = headers.get("strict-transport-security", "")
    max_age = next(
        (int(part.split("=", 1)[1]) for part in hsts.split(";") if "max-age" in part.lower()), 0
    )
    if not hsts:
        penalties.append(("hsts-not-implemented", -20))
    elif max_age < HSTS_MINIMUM_SECONDS:
        penalties.append(("hsts-implemented-max-age-less-than-six-months", -10))
    elif "preload" in hsts.lower() and "includesubdomains" in hsts.lower():
        bonuses.append(("hsts-preload-ready", 5))

    if not redirects_to_https:
        penalties.append(("redirection-missing-or-not-to-https", -20))

    if headers.get("x-content-type-options", "").lower() != "nosniff":
        penalties.append(("x-content-type-options-not-implemented", -5))

    if csp.get("frame-ancestors") == ["'none'"]:
        bonuses.append(("x-frame-options-implemented-via-csp", 5))
    elif headers.get("x-frame-options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        penalties.append(("x-frame-options-not-implemented", -20))

    referrer = headers.get("referrer-policy", "").split(",")[-1].strip().lower()
    if referrer in PRIVATE_REFERRERS:
        bonuses.append(("referrer-policy-private", 5))
    elif referrer in {"unsafe-url", "no-referrer-when-downgrade"}:
        penalties.append(("referrer-policy-unsafe", -5))

    if headers.get("cross-origin-resource-policy", "").lower() not in {"same-origin", "same-site"}:
        penalties.append(("corp-not-implemented", -5))
    if headers.get("cross-origin-opener-policy", "").lower() != "same-origin":
        penalties.append(("coop-not-same-origin", -5))

    for name, points in penalties:
        result.note(name, points)
        result.score += points
    # The Observatory gives bonuses only to sites that already score at least 90.
    for name, points in bonuses:
        result.note(name, points if result.score >= 90 else 0)
    if result.score >= 90:
        result.score += sum(points for _, points in bonuses)
    return result


def report(host: str) -> list[str]:
    """Grade every page through Django's test client; print the findings, return the letters."""
    from django.conf import settings
    from django.test import Client

    if settings.DEBUG:
        sys.exit("Run under production settings (DJANGO_DEBUG=0).")
    host = host or next(h for h in settings.ALLOWED_HOSTS if h not in {"*", ""}).lstrip(".")
    client = Client(headers={"host": host})
    letters = []
    for name, path in PAGES.items():
        response = client.get(path, secure=True)
        plain = client.get(path)
        redirects = plain.status_code in {301, 302, 307, 308} and plain.get(
            "Location", ""
        ).startswith("https://")
        cookies = [morsel.OutputString() for morsel in response.cookies.values()]
        result = grade(dict(response.headers), cookies, redirects_to_https=redirects)
        letters.append(result.letter)
        status = response.status_code
        print(f"{name:10} {path:18} {status}  {result.letter:2}  score {result.score}")
        for finding, points in result.findings:
            print(f"{'':14}{points:+4d}  {finding}")
    return letters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="", help="Host header (default: first allowed)")
    parser.add_argument("--minimum", default="", help="Fail unless every page gets this grade")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    import django

    django.setup()
    letters = report(options.host)
    if options.minimum and any(letter != options.minimum for letter in letters):
        sys.exit(f"Not every page reaches {options.minimum}: {', '.join(letters)}")


if __name__ == "__main__":
    main()

"""`make security-report`: a Mozilla-Observatory-style grade for key pages, from the headers the
running settings send (the Make target runs it under production settings)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from pmportal.observatory import grade

PAGES = {
    "home": "/",
    "FAQ": "/faq/",
    "sign-in": "/accounts/login/",
    "directory": "/members/",
}


class Command(BaseCommand):
    help = "Grade the security headers of the home, FAQ, sign-in and directory pages (A+ to F)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="", help="Host header (default: first allowed)")
        parser.add_argument("--minimum", default="", help="Fail unless every page gets this grade")

    def handle(self, *args, host: str, minimum: str, **options):
        if settings.DEBUG:
            raise CommandError("Run under production settings (DJANGO_DEBUG=0).")
        host = host or next(h for h in settings.ALLOWED_HOSTS if h not in {"*", ""}).lstrip(".")
        client = Client(headers={"host": host})
        worst = []
        for name, path in PAGES.items():
            response = client.get(path, secure=True)
            plain = client.get(path)
            redirects = plain.status_code in {301, 302, 307, 308} and plain.get(
                "Location", ""
            ).startswith("https://")
            cookies = [morsel.OutputString() for morsel in response.cookies.values()]
            result = grade(dict(response.headers), cookies, redirects_to_https=redirects)
            worst.append(result.letter)
            self.stdout.write(
                f"{name:10} {path:18} {response.status_code}  {result.letter:2}  "
                f"score {result.score}"
            )
            for finding, points in result.findings:
                self.stdout.write(f"{'':14}{points:+4d}  {finding}")
        if minimum and any(letter != minimum for letter in worst):
            raise CommandError(f"Not every page reaches {minimum}: {', '.join(worst)}")

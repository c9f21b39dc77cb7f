"""SITE_URL is the one source of every absolute link: canonical and og:url, the sitemap,
robots.txt and every email, allauth's included (members/adapters.py)."""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.sites.management import create_default_site


def absolute_url(location: str = "/") -> str:
    """`location` on the site's public address. An absolute URL keeps only its path, query and
    fragment: allauth builds its links from the request's host, which may not be the public one."""
    return settings.SITE_URL + urlsplit(location)._replace(scheme="", netloc="").geturl()


def site_follows_site_url(*, apps=global_apps, using="default", **kwargs) -> None:
    """After every migrate, the `sites` row allauth reads says SITE_URL; Django's
    `create_default_site` makes it when missing (and moves the id sequence past it)."""
    create_default_site(global_apps.get_app_config("sites"), using=using, apps=apps, verbosity=0)
    apps.get_model("sites", "Site").objects.using(using).filter(id=settings.SITE_ID).update(
        domain=urlsplit(settings.SITE_URL).netloc, name=settings.SITE_NAME
    )

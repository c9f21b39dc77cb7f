"""/sitemap.xml: each app registers its sections from its own `sitemaps.py` (found by
`autodiscover_modules`, as the admin finds `admin.py`), so the project imports no app."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteUrlSitemap(Sitemap):
    """Absolute URLs from SITE_URL rather than the `sites` framework's example.com row."""

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(SiteUrlSitemap):
    """Pages without a model, listed by URL name; subclasses set their own `url_names`."""

    url_names = ["home"]
    changefreq = "weekly"
    priority = 1.0

    def items(self) -> list[str]:
        return list(self.url_names)

    def location(self, item: str) -> str:
        return reverse(item)


class PublishedSitemap(SiteUrlSitemap):
    """The published rows of `model` (whose manager has `published()`), by their pages."""

    model: type
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SECTIONS: dict[str, type[Sitemap]] = {"pages": StaticPagesSitemap}


def register(**sections: type[Sitemap]) -> None:
    """Add an app's sections to /sitemap.xml, by section name."""
    SECTIONS.update(sections)

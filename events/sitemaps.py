"""Sitemap of the published events (sections of /sitemap.xml)."""

from events.models import Event
from pmportal.sitemaps import SiteUrlSitemap, StaticPagesSitemap, register


class EventIndexSitemap(StaticPagesSitemap):
    url_names = ["events:index"]
    changefreq = "daily"
    priority = 0.7


class EventSitemap(SiteUrlSitemap):
    priority = 0.5

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event: Event):
        return event.updated_at


register(events=EventIndexSitemap, **{"events-items": EventSitemap})

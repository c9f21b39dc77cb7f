"""Sitemap of the published library (sections of /sitemap.xml).

Members-only resources are listed too: their pages are public teasers; only the files are gated.
"""

from pmportal.sitemaps import SiteUrlSitemap, StaticPagesSitemap, register
from resources.models import Resource


class ResourceIndexSitemap(StaticPagesSitemap):
    url_names = ["resources:index"]
    priority = 0.8


class ResourceSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Resource.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, resource: Resource):
        return resource.updated_at


register(resources=ResourceIndexSitemap, **{"resources-items": ResourceSitemap})

"""Sitemap of the published library, members-only pages too (public teasers)."""

from pmportal.sitemaps import PublishedSitemap, StaticPagesSitemap, register
from resources.models import Resource


class ResourceIndexSitemap(StaticPagesSitemap):
    url_names = ["resources:index"]
    priority = 0.8


class ResourceSitemap(PublishedSitemap):
    model = Resource


register(resources=ResourceIndexSitemap, **{"resources-items": ResourceSitemap})

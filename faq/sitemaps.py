"""Sitemap of the published FAQ (sections of /sitemap.xml)."""

from faq.models import Question
from pmportal.sitemaps import PublishedSitemap, StaticPagesSitemap, register


class FaqIndexSitemap(StaticPagesSitemap):
    url_names = ["faq:index"]
    priority = 0.8


class QuestionSitemap(PublishedSitemap):
    model = Question


register(faq=FaqIndexSitemap, **{"faq-questions": QuestionSitemap})

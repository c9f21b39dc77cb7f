"""Sitemap of the published FAQ (sections of /sitemap.xml)."""

from faq.models import Question
from pmportal.sitemaps import SiteUrlSitemap, StaticPagesSitemap, register


class FaqIndexSitemap(StaticPagesSitemap):
    url_names = ["faq:index"]
    priority = 0.8


class QuestionSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Question.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, question: Question):
        return question.updated_at


register(faq=FaqIndexSitemap, **{"faq-questions": QuestionSitemap})

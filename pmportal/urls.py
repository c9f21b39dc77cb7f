"""Root URLs. Each app owns its own urls.py (with app_name); this file only mounts them."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.module_loading import autodiscover_modules
from django.views.generic import TemplateView

from pmportal import sitemaps, views

# Each app's sitemaps.py registers its sections of /sitemap.xml.
autodiscover_modules("sitemaps")

# The admin signs in through allauth's form: one login with its rate limits, lockout and second
# factor, instead of Django's admin login that has none of them (docs/security.md).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", include("insights.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SECTIONS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("accounts/", include("allauth.urls")),
    path("faq/", include("faq.urls")),
    path("members/", include("members.urls")),
    path("notifications/", include("notifications.urls")),
    path("network/", include("network.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("events/", include("events.urls")),
    path("community/", include("community.urls")),
    path("digest/", include("digest.urls")),
    path("resources/", include("resources.urls")),
    path("admin/", admin.site.urls),
]

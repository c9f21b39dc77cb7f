"""Root URLs. Each app owns its own urls.py (with app_name); this file only mounts them."""

from django.contrib import admin
from django.urls import include, path

from pmportal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("faq/", include("faq.urls")),
    path("members/", include("members.urls")),
    path("resources/", include("resources.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "pmportal.views.bad_request"
handler403 = "pmportal.views.permission_denied"
handler404 = "pmportal.views.page_not_found"
handler500 = "pmportal.views.server_error"

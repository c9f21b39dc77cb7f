"""Admin for the site-wide models Django ships, and the base of the apps' read-only admins."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sites.admin import SiteAdmin as DjangoSiteAdmin
from django.contrib.sites.models import Site
from django.http import HttpRequest

admin.site.unregister(Site)


@admin.register(Site)
class SiteAdmin(DjangoSiteAdmin):
    """The SITE_ID row cannot be deleted (sign-in, resets and the sitemap answered 500 without
    it); every migrate sets it from SITE_URL and SITE_NAME (pmportal/links.py)."""

    def has_delete_permission(self, request: HttpRequest, obj: Site | None = None) -> bool:
        if obj is not None and obj.pk == settings.SITE_ID:
            return False
        return super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the site writes itself (logs, mail, secrets' metadata): staff look, never add or edit.
    Without the change permission every field shows as text."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

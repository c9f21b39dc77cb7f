from datetime import timedelta

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from pmportal.admin import ReadOnlyAdmin
from pmportal.storage import delete_after_commit
from resources.forms import ResourceAdminForm
from resources.models import DownloadEvent, Resource, Series
from resources.services import apply_file_facts, resource_generate_cover
from resources.validation import FileFacts

FILE_FACTS = ["content_type", "size", "page_count", "duration_seconds"]
COUNTS = ["member_downloads", "downloads_last_30_days", "updated_at"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = [
        "title",
        "kind",
        "access",
        "status",
        "published_on",
        "member_downloads",
        "size",
        "page_count",
    ]
    list_filter = ["kind", "access", "status", "series"]
    search_fields = ["title", "summary", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    autocomplete_fields = ["series"]
    readonly_fields = [*FILE_FACTS, *COUNTS]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "tags", "authors"]}),
        ("Publishing", {"fields": ["status", "access", "published_on"]}),
        (
            "File and links",
            {
                "description": "The file's content is checked: its real type must suit the kind "
                "(eBook: PDF; infographic: PNG, JPEG or PDF; podcast: MP3, M4A, Ogg or WAV). "
                "Replacing a file keeps the download history.",
                "fields": ["file", "external_url", "cover", *FILE_FACTS],
            },
        ),
        ("Podcast", {"fields": ["series", "episode_number", "transcript"]}),
        ("Downloads", {"fields": COUNTS}),
    ]

    @admin.display(description="file size", ordering="file_size")
    def size(self, obj: Resource) -> str:
        return filesizeformat(obj.file_size) if obj.file_size else "—"

    @admin.display(description="unique members, last 30 days")
    def downloads_last_30_days(self, obj: Resource) -> int:
        since = timezone.now() - timedelta(days=30)
        return obj.downloads.filter(created_at__gte=since).unique_members()

    def save_model(self, request, obj: Resource, form: ResourceAdminForm, change: bool) -> None:
        old = Resource.objects.filter(pk=obj.pk).values("file", "cover").first() if change else None
        if form.file_facts is not None:
            apply_file_facts(obj, form.file_facts)
            # Stored under a name of our own, with the extension of the detected type.
            obj.file.name = f"upload.{form.file_facts.extension}"
        elif not obj.file:
            apply_file_facts(obj, FileFacts(content_type="", extension="", size=None))
        super().save_model(request, obj, form, change)
        if old:
            # The history belongs to the resource, so only the replaced bytes go.
            for field in ("file", "cover"):
                if old[field] != getattr(obj, field).name:
                    delete_after_commit(getattr(obj, field).storage, old[field])
        if not obj.cover:
            resource_generate_cover(resource=obj)


@admin.register(DownloadEvent)
class DownloadEventAdmin(ReadOnlyAdmin):
    list_display = ["resource", "member", "user_agent_class", "created_at"]
    list_filter = ["user_agent_class", "created_at"]
    date_hierarchy = "created_at"
    list_select_related = ["resource", "member"]
    search_fields = ["resource__title"]

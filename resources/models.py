"""The resource library. Files live in the "private" storage alias and leave only through the
download view, which checks access; every counted download is a `DownloadEvent`."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from resources.querysets import DownloadEventQuerySet, ResourceQuerySet
from resources.storage import private_storage


class ResourceKind(models.TextChoices):
    EBOOK = "ebook", "eBook"
    INFOGRAPHIC = "infographic", "Infographic"
    PODCAST = "podcast", "Podcast episode"
    ARTICLE = "article", "Article"
    VIDEO = "video", "Video"


class AccessLevel(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def resource_file_path(instance: "Resource", filename: str) -> str:
    # The stored name never contains what the uploader typed: a random folder and a fixed stem,
    # keeping only a short alphanumeric extension. Path tricks in upload names go nowhere.
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    suffix = suffix if suffix.isalnum() and len(suffix) <= 5 else "bin"
    return f"files/{uuid.uuid4().hex}/{instance.kind}.{suffix}"


def resource_cover_path(instance: "Resource", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    suffix = suffix if suffix in {"png", "jpg", "jpeg", "webp"} else "png"
    return f"covers/{uuid.uuid4().hex}.{suffix}"


class Series(models.Model):
    """A run of episodes, such as the Product Award podcast."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('resources:index')}?series={self.slug}"


class Resource(models.Model):
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=400, help_text="One or two sentences for cards and search."
    )
    body = models.TextField(blank=True, help_text="Markdown: what the resource covers.")
    transcript = models.TextField(blank=True, help_text="Podcast episodes: searchable transcript.")
    authors = models.CharField(
        "authors or guests", max_length=300, blank=True, help_text="Comma-separated names."
    )
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    episode_number = models.PositiveSmallIntegerField(null=True, blank=True)
    access = models.CharField(
        max_length=10, choices=AccessLevel.choices, default=AccessLevel.MEMBERS
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(default=timezone.localdate)
    file = models.FileField(upload_to=resource_file_path, storage=private_storage, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    external_url = models.URLField(
        "external link", blank=True, help_text="Podcast platform, video or article page."
    )
    cover = models.ImageField(upload_to=resource_cover_path, storage=private_storage, blank=True)
    tags = TaggableManager(blank=True)
    # A plain copy of the tag slugs, kept in sync with `tags`: filters and recommendations use it
    # with a GIN index instead of joining through taggit.
    tag_slugs = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, editable=False
    )
    tag_text = models.TextField(blank=True, editable=False)
    # Unique members who downloaded it; maintained by services.download_record.
    member_downloads = models.PositiveIntegerField(default=0, editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", "tag_text", "authors", weight="B", config="english")
            + SearchVector("body", "transcript", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="resources_search_gin"),
            GinIndex(fields=["tag_slugs"], name="resources_tag_slugs_gin"),
            models.Index(fields=["status", "-published_on"], name="resources_published_idx"),
            models.Index(fields=["-member_downloads"], name="resources_popular_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "episode_number"],
                condition=models.Q(series__isnull=False, episode_number__isnull=False),
                name="resources_unique_episode_in_series",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ResourceKind.VIDEO) | ~models.Q(external_url=""),
                name="resources_video_has_link",
            ),
            # /resources/library/ is a page of its own.
            models.CheckConstraint(
                condition=~models.Q(slug="library"), name="resources_slug_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def get_download_url(self) -> str:
        return reverse("resources:download", kwargs={"slug": self.slug})

    def get_cover_url(self) -> str:
        # The version query string changes with the cover, so browsers may cache it for long.
        stamp = int(self.updated_at.timestamp()) if self.updated_at else 0
        return f"{reverse('resources:cover', kwargs={'slug': self.slug})}?v={stamp}"

    @property
    def is_public(self) -> bool:
        return self.access == AccessLevel.PUBLIC

    @property
    def kind_noun(self) -> str:
        """The kind in running text: "This eBook is for members"."""
        return {"ebook": "eBook", "podcast": "episode"}.get(
            self.kind, self.get_kind_display().lower()
        )

    @property
    def cta_verb(self) -> str:
        """What the main button lets you do: "Register free to watch"."""
        if self.file:
            return "download"
        return {"video": "watch", "podcast": "listen"}.get(self.kind, "read")

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(",") if name.strip()]

    @property
    def file_extension(self) -> str:
        return PurePosixPath(self.file.name).suffix.lstrip(".").upper() if self.file else ""

    def sync_tag_copies(self) -> None:
        """Copy the taggit tags into `tag_slugs`/`tag_text` (call after the tags change)."""
        tags = list(self.tags.all())
        self.tag_slugs = sorted({tag.slug for tag in tags})
        self.tag_text = " ".join(sorted(tag.name for tag in tags))
        Resource.objects.filter(pk=self.pk).update(tag_slugs=self.tag_slugs, tag_text=self.tag_text)


class UserAgentClass(models.TextChoices):
    BROWSER = "browser", "Desktop browser"
    MOBILE = "mobile", "Mobile browser"
    PODCAST_APP = "podcast_app", "Podcast app"
    OTHER = "other", "Other client"


class DownloadEvent(models.Model):
    """One counted download (not HEAD, bots or repeats within 24 hours). `member` is SET_NULL
    on deletion; `visitor_key` tells anonymous repeats apart without storing an address."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="downloads")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource_downloads",
    )
    visitor_key = models.CharField(max_length=64, blank=True)
    user_agent_class = models.CharField(
        max_length=20, choices=UserAgentClass.choices, default=UserAgentClass.OTHER
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DownloadEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], name="resources_download_time_idx"),
            models.Index(fields=["resource", "created_at"], name="resources_download_res_idx"),
            models.Index(fields=["member", "-created_at"], name="resources_download_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} at {self.created_at:%Y-%m-%d %H:%M}"

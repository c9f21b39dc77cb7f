"""Members: the user account (email is the login) and the member's profile."""

import functools
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func
from django.db.models.functions import Lower
from django.db.models.lookups import Lookup
from django.utils import timezone, translation
from django_countries import countries
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from members.skills import skill_label


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        user = self.create_user(email, password, **extra_fields)
        # `createsuperuser` is run by whoever runs the server: that vouches for the address.
        # Unverified, it could not sign in (mandatory verification) to reach the admin.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    def with_verified_email(self) -> models.QuerySet:
        """Users with `has_verified_email` answered by the same query (see members/backends.py)."""
        verified = EmailAddress.objects.filter(user_id=models.OuterRef("pk"), verified=True)
        return self.get_queryset().annotate(verified_email_loaded=models.Exists(verified))

    def get_by_natural_key(self, username: str) -> "User":
        # Sign-in is case-insensitive on the address, like the uniqueness rule below.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    is_staff = models.BooleanField(
        "staff status", default=False, help_text="Can sign in to the admin site."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Unselect this instead of deleting accounts."
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    @property
    def has_verified_email(self) -> bool:
        """The gate for downloads and the directory; no query for the signed-in member
        (`UserManager.with_verified_email`)."""
        loaded = self.__dict__.get("verified_email_loaded")
        if loaded is not None:
            return loaded
        return self.emailaddress_set.filter(verified=True).exists()


class RoleType(models.TextChoices):
    TECHNICAL = "technical", "Technical PM"
    GROWTH = "growth", "Growth PM"
    GO_TO_MARKET = "go_to_market", "Go-to-market PM"
    PLATFORM = "platform", "Platform PM"
    OTHER = "other", "Other"


class MentorStatus(models.TextChoices):
    OPEN = "open", "Open to new mentees"
    FULL = "full", "Full"
    PAUSED = "paused", "Paused"


# What a mentor card reads for its status and free places (mentor match loads them).
MENTOR_CARD_FIELDS = ["mentor_capacity", "mentor_status", "mentees_active", "mentor_topics"]


class ProductDomain(models.TextChoices):
    AI = "ai", "AI"
    API = "api", "API"
    DATA = "data", "Data & analytics"
    DIGITAL = "digital", "Digital"
    ENTERPRISE = "enterprise", "Enterprise"
    HARDWARE = "hardware", "Hardware"
    SOFTWARE = "software", "Software"
    STARTUP = "startup", "Startup"
    UX = "ux", "UX"


def new_handle() -> str:
    # Random, so a member's URL never reveals their email address.
    return f"m-{secrets.token_hex(5)}"


class SkillsText(Func):
    """The skills as words, for the search vector: an IMMUTABLE SQL wrapper (migration 0004)
    around `array_to_string`, which PostgreSQL refuses in a generated column."""

    function = "members_skills_text"
    output_field = models.TextField()


# PostgreSQL's `simple` and `english` text search configurations with the `unaccent` dictionary
# in front (migration 0016): "alvarez" finds Diego Álvarez, "sao paulo" finds São Paulo.
NAME_CONFIG = "simple_unaccent"
TEXT_CONFIG = "english_unaccent"


def profile_search_vector():
    """Weights: A names, B headline + company + skills, C city, D bio. Names and city are not
    stemmed (`NAME_CONFIG`: "james" is not `jame`); members/search.py queries both configs."""
    return (
        SearchVector("display_name", config=NAME_CONFIG, weight="A")
        + SearchVector("headline", "company", config=TEXT_CONFIG, weight="B")
        + SearchVector(SkillsText(F("skill_slugs")), config=TEXT_CONFIG, weight="B")
        + SearchVector("city", config=NAME_CONFIG, weight="C")
        + SearchVector("bio", config=TEXT_CONFIG, weight="D")
    )


class IsAnyOf(Lookup):
    """`lhs = ANY(array)`, used as an expression: `filter(IsAnyOf(F("pk"), ArraySubquery(...)))`."""

    lookup_name = "any"

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


# Other apps hide members from one another (network: blocks) without `members` importing them:
# each appends a function (profiles, viewer's user id) -> profiles, applied by `seen_by`.
VIEWER_FILTERS: list = []
# Other apps add columns to the query that loads the signed-in member (notifications: the
# header's unread counts, one query fewer on every page): functions () -> {name: expression},
# read by members/backends.py; the values arrive as attributes of `request.user`.
MEMBER_ANNOTATIONS: list = []


class ProfileQuerySet(models.QuerySet):
    def listed(self) -> "ProfileQuerySet":
        """Members other members may see (opted in, active, verified, not suspended): every
        directory read starts here. Triggers (migration 0006) keep `is_visible`: checking the
        account tables in the query made capped reads 2-15x slower (docs/performance.md)."""
        return self.filter(is_visible=True)

    def seen_by(self, user_id: int | None) -> "ProfileQuerySet":
        """Without the members another app hides from this viewer (`VIEWER_FILTERS`). Each
        filter is a subquery of the same statement: no query more, whatever the page."""
        qs = self
        for hide in VIEWER_FILTERS if user_id else ():
            qs = hide(qs, user_id)
        return qs

    def with_filters(self, search) -> "ProfileQuerySet":
        """The directory's filters (a `members.search.DirectorySearch`) and what its viewer
        may not see; empty ones filter nothing."""
        qs = self.seen_by(search.viewer_id)
        if search.roles:
            qs = qs.filter(role__in=search.roles)
        if search.domains:
            qs = qs.filter(domains__overlap=search.domains)
        if search.countries:
            qs = qs.filter(country__in=search.countries)
        if search.skills:
            # text[] with a GIN index (`@>`), not a join through taggit.
            qs = qs.filter(skill_slugs__contains=search.skills)
        if search.open_to_mentoring:
            qs = qs.filter(open_to_mentoring=True)
        if search.looking_for_mentor:
            qs = qs.filter(looking_for_mentor=True)
        return qs

    def synthetic(self) -> "ProfileQuerySet":
        return self.filter(is_synthetic=True)

    def visible_to(self, user) -> "ProfileQuerySet":
        """Profiles `user` may open: listed members for a verified member, always their own."""
        if not user.is_authenticated:
            return self.none()
        own = self.filter(user_id=user.pk)
        if not user.has_verified_email:
            return own
        return self.listed().seen_by(user.pk) | own


class Profile(models.Model):
    """What a member tells the community about themselves, one per user. `skills` (taggit) is
    edited; `skill_slugs`, a copy kept in sync on save, is what filters use (GIN index)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    handle = models.SlugField(max_length=40, unique=True, default=new_handle)
    display_name = models.CharField(max_length=100, blank=True)
    headline = models.CharField(max_length=140, blank=True)
    role = models.CharField(max_length=20, choices=RoleType.choices, blank=True)
    domains = ArrayField(
        models.CharField(max_length=20, choices=ProductDomain.choices), default=list, blank=True
    )
    company = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    years_in_product = models.PositiveSmallIntegerField(null=True, blank=True)
    skills = TaggableManager(
        "skills",
        through="TaggedSkill",
        blank=True,
        help_text="Comma-separated, e.g. roadmaps, pricing.",
    )
    skill_slugs = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, editable=False
    )
    bio = models.TextField(max_length=5000, blank=True, help_text="Markdown.")
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    open_to_mentoring = models.BooleanField(default=False)
    looking_for_mentor = models.BooleanField(default=False)
    # Mentor settings (edited by the mentoring app), here so mentor match needs no query per
    # card; mentoring/services.py keeps `mentees_active` under a lock on this row.
    mentor_capacity = models.PositiveSmallIntegerField(
        default=3, help_text="The most active mentees (1 to 10)."
    )
    mentor_status = models.CharField(
        max_length=10, choices=MentorStatus.choices, default=MentorStatus.OPEN
    )
    mentor_topics = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, help_text="Skill slugs."
    )
    mentees_active = models.PositiveSmallIntegerField(default=0, editable=False)
    is_listed = models.BooleanField(
        "list me in the member directory",
        default=False,
        help_text="Off until the member chooses. Other members never see your email address.",
    )
    is_visible = models.BooleanField(
        "visible in the directory",
        default=False,
        editable=False,
        help_text=(
            "Listed, active and with a verified address. Kept by database triggers; read it "
            "in queries only (an instance's copy is not refreshed on save)."
        ),
    )
    is_suspended = models.BooleanField(
        default=False,
        help_text="Set by staff: hidden from the directory and cannot send anything.",
    )
    is_synthetic = models.BooleanField(
        default=False, editable=False, help_text="Made by seed_members; never a real member."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Directory search (docs/performance.md): stored, so no query ever computes to_tsvector.
    search_vector = models.GeneratedField(
        expression=profile_search_vector(), output_field=SearchVectorField(), db_persist=True
    )
    # The words of the name, for the typo fallback: `name_words && [close spellings]` finds
    # "John Smith" for "jonh smiht" through a GIN index (members/search.py).
    name_words = models.GeneratedField(
        expression=Func(
            SearchVector("display_name", config=NAME_CONFIG), function="tsvector_to_array"
        ),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["role"]),
            models.Index(fields=["country"]),
            GinIndex(fields=["search_vector"], name="members_profile_search_gin"),
            GinIndex(fields=["skill_slugs"], name="members_profile_skills_gin"),
            GinIndex(fields=["name_words"], name="members_profile_name_words_gin"),
            # GIN only: a GiST trigram index on the same column is preferred by the planner
            # and 3-8x slower (docs/performance.md).
            GinIndex(
                fields=["display_name"],
                opclasses=["gin_trgm_ops"],
                name="members_profile_name_trgm",
            ),
            # Product domains: with it, "growth PMs in AI" is a bitmap AND of two indexes instead
            # of a scan that reads a quarter of the table to find 1,001 matches.
            GinIndex(fields=["domains"], name="members_profile_domains_gin"),
            # Keyset pages for the browse orders (name, newest).
            models.Index(fields=["display_name", "id"], name="members_profile_name_key"),
            models.Index(fields=["-created_at", "-id"], name="members_profile_newest_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_capacity__range=(1, 10)),
                name="members_profile_mentor_capacity_1_10",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.handle

    def get_absolute_url(self) -> str:
        return f"/members/{self.handle}/"

    @property
    def place(self) -> str:
        """City and country as people read them ("Berlin, Germany"), or whichever is known."""
        # The stored code: reading it through the field builds a Country object (a code lookup)
        # on each access, a visible share of twenty directory cards.
        code = self.__dict__.get("country")
        if code is None:  # a deferred field
            code = self.country.code
        country = country_names(translation.get_language()).get(code, "")
        return ", ".join(part for part in (self.city, country) if part)

    @property
    def mentor_places(self) -> int:
        """Free places for new mentees (none while full or paused)."""
        if not self.open_to_mentoring or self.mentor_status != MentorStatus.OPEN:
            return 0
        return max(self.mentor_capacity - self.mentees_active, 0)

    @property
    def mentor_state(self) -> str:
        """ "Open", "Full" or "Paused" as a mentor card shows it (full when no place is free)."""
        if self.mentor_status == MentorStatus.PAUSED:
            return MentorStatus.PAUSED.label
        return "Open" if self.mentor_places else MentorStatus.FULL.label

    @property
    def mentor_topic_labels(self) -> list[str]:
        return [skill_label(slug) for slug in self.mentor_topics]

    @functools.cached_property
    def card_facts(self) -> list[str]:
        """Role, company and place for a directory card, built once here: in the template,
        twenty cards' label lookups were a visible share of a directory request."""
        return [fact for fact in (self.get_role_display(), self.company, self.place) if fact]


class Skill(TagBase):
    """A skill members name on their profile: a vocabulary of its own, apart from the content
    tags of FAQ questions and resources (taggit's `Tag`)."""

    class Meta:
        verbose_name = "skill"
        verbose_name_plural = "skills"


class TaggedSkill(ItemBase):
    """One profile's link to one skill (taggit's through model for `Profile.skills`)."""

    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="tagged_profiles")
    # No index of its own: the unique constraint below starts with this column.
    content_object = models.ForeignKey(Profile, on_delete=models.CASCADE, db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="members_taggedskill_unique"
            )
        ]


@functools.cache
def country_names(language: str) -> dict[str, str]:
    """Country names by code, in display order, in one language: built once per process.
    (`Country.name` costs ~12 us a call, a visible share of twenty directory cards.)"""
    with translation.override(language):
        return dict(countries)


class NameToken(models.Model):
    """Distinct lower-case words of members' names: the typo dictionary (~75,000 words at
    500,000 members) that members/search.py checks spellings one slip away against."""

    token = models.CharField(max_length=100, unique=True)
    members = models.PositiveIntegerField(default=0, help_text="Profiles using this word.")

    def __str__(self) -> str:
        return self.token

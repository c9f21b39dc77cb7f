"""Admin for members: search, filters, CSV export. Staff who are not superusers never see a
password hash nor grant themselves rights; nobody sees MFA secrets or OAuth tokens."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.admin import SocialAppAdmin
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from members.forms import ProfileAdminForm
from members.models import Profile, Skill, User
from pmportal.admin import ReadOnlyAdmin
from pmportal.spreadsheets import csv_response

# CSV column → what it holds.
CSV_COLUMNS = {
    "email": "email",
    "verified": "has_verified",
    "display_name": "profile__display_name",
    "handle": "profile__handle",
    "listed": "profile__is_listed",
    "role": "profile__role",
    "country": "profile__country",
    "city": "profile__city",
    "company": "profile__company",
    "years_in_product": "profile__years_in_product",
    "open_to_mentoring": "profile__open_to_mentoring",
    "looking_for_mentor": "profile__looking_for_mentor",
    "date_joined": "date_joined",
    "last_login": "last_login",
    "is_active": "is_active",
}


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified email"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(has_verified=self.value() == "yes")
        return queryset


class ProfileInline(admin.StackedInline):
    model = Profile
    form = ProfileAdminForm
    can_delete = False
    fields = [
        "handle",
        "display_name",
        "headline",
        "role",
        "company",
        "city",
        "country",
        "years_in_product",
        "linkedin_url",
        "open_to_mentoring",
        "looking_for_mentor",
        "is_listed",
        "is_suspended",
        "bio",
    ]
    readonly_fields = ["handle"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "profile__display_name",
        "verified",
        "listed",
        "profile__role",
        "profile__country",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        VerifiedFilter,
        "profile__is_listed",
        "profile__role",
        "profile__country",
        "date_joined",
        "is_active",
        "is_staff",
    ]
    list_select_related = ["profile"]
    search_fields = [
        "email",
        "profile__display_name__unaccent",
        "profile__handle",
        "profile__company",
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [ProfileInline]
    actions = ["export_csv"]
    list_per_page = 50
    show_full_result_count = False  # an exact COUNT(*) over every member on each page view
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
        return super().get_queryset(request).annotate(has_verified=Exists(verified))

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Staff who are not superusers: no password hash at all, no way to grant rights.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]})
            for name, opts in fieldsets
        ]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Staff who are not superusers cannot edit other staff: changing a superuser's email
        # and then resetting its password would hand them the keys.
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return obj.pk == request.user.pk and super().has_change_permission(request, obj)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        """Only superusers set passwords here; members reset their own by email."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return readonly

    @admin.display(boolean=True, description="verified", ordering="has_verified")
    def verified(self, obj: User) -> bool:
        return obj.has_verified

    @admin.display(boolean=True, description="listed", ordering="profile__is_listed")
    def listed(self, obj: User) -> bool:
        return obj.profile.is_listed

    @admin.action(description="Export selected members as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset) -> HttpResponse:
        rows = queryset.order_by("date_joined").values_list(*CSV_COLUMNS.values())
        stamp = timezone.now().strftime("%Y-%m-%d")
        return csv_response(f"members-{stamp}.csv", list(CSV_COLUMNS), rows.iterator(2000))


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """The members' skill vocabulary; content tags (FAQ, resources) are taggit's "Tags"."""

    list_display = ["name", "slug"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# MFA secrets (TOTP keys, recovery-code seeds, passkey credentials) live in `data`.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    fields = ["user", "type", "created_at", "last_used_at"]
    search_fields = ["user__email"]


admin.site.unregister(SocialToken)


@admin.register(SocialToken)
class SocialTokenAdmin(ReadOnlyAdmin):
    list_display = ["account", "app", "expires_at"]
    fields = ["account", "app", "expires_at"]


class SocialAppSecretsHidden(SocialAppAdmin):
    def get_exclude(self, request: HttpRequest, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude += ["secret", "key"]
        return exclude


admin.site.unregister(SocialApp)
admin.site.register(SocialApp, SocialAppSecretsHidden)

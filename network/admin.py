"""Staff's queue of reports, with the copy of what was reported, and suspensions.

Staff see reports, not conversations or requests: a request reaches them only as the copy a
report holds.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from network.models import Report
from network.services import member_suspend


class OpenFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open"), ("no", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(resolved_at__isnull=self.value() == "yes")
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "member", "reporter", "resolved_at"]
    list_filter = [OpenFilter, "kind"]
    list_select_related = ["member", "reporter"]
    fields = ["kind", "member", "reporter", "reason", "snapshot", "created_at", "resolved_at"]
    readonly_fields = fields
    ordering = ["resolved_at", "-created_at"]
    actions = ["resolve", "suspend", "unsuspend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark resolved")
    def resolve(self, request: HttpRequest, queryset: QuerySet) -> None:
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())

    @admin.action(description="Suspend the reported members")
    def suspend(self, request: HttpRequest, queryset: QuerySet, suspended: bool = True) -> None:
        for report in queryset.select_related("member").exclude(member=None):
            member_suspend(user=report.member, suspended=suspended)
        verb = "Suspended" if suspended else "Lifted the suspension of"
        self.message_user(request, f"{verb} the reported members.")

    @admin.action(description="Lift the suspension of the reported members")
    def unsuspend(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.suspend(request, queryset, suspended=False)

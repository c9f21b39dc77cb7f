"""Staff's side of community questions: the moderation queue, locks, suspensions, "Promote to
FAQ", and the log of every decision (read-only)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from community import services
from community.forms import PromoteForm
from community.models import Answer, Question, Report, StaffAction
from faq.models import Category
from pmportal.admin import ReadOnlyAdmin

Verb = StaffAction.Verb


class ModerationActions:
    """Approve, restore and remove, and suspending the authors, for questions and answers."""

    actions = ["approve", "restore", "remove", "suspend_authors"]

    def _moderate(self, request: HttpRequest, queryset: QuerySet, verb: str) -> None:
        done = services.posts_moderate(staff=request.user, posts=queryset, verb=verb)
        self.message_user(request, f"{Verb(verb).label}: {done}.")

    @admin.action(description="Approve (waiting for staff)")
    def approve(self, request, queryset):
        self._moderate(request, queryset, Verb.APPROVE)

    @admin.action(description="Restore (hidden after reports)")
    def restore(self, request, queryset):
        self._moderate(request, queryset, Verb.RESTORE)

    @admin.action(description="Remove")
    def remove(self, request, queryset):
        self._moderate(request, queryset, Verb.REMOVE)

    @admin.action(description="Suspend the authors")
    def suspend_authors(self, request, queryset):
        for post in queryset.exclude(author=None).select_related("author"):
            services.author_suspend(staff=request.user, member=post.author)
        self.message_user(request, "The authors are suspended.")


@admin.register(Question)
class QuestionAdmin(ModerationActions, admin.ModelAdmin):
    list_display = ["title", "status", "answer_count", "locked", "created_at", "faq_entry"]
    list_filter = ["status", "locked"]
    search_fields = ["title"]
    fields = ["title", "body", "status", "locked", "tags", "author", "created_at", "promoted_to"]
    readonly_fields = ["title", "body", "status", "locked", "author", "created_at", "promoted_to"]
    list_select_related = ["promoted_to"]
    actions = [*ModerationActions.actions, "lock", "unlock", "promote"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="FAQ entry")
    def faq_entry(self, obj: Question) -> str:
        if not obj.promoted_to_id:
            return "—"
        url = reverse("admin:faq_question_change", args=[obj.promoted_to_id])
        return format_html('<a href="{}">{}</a>', url, obj.promoted_to.get_status_display())

    @admin.action(description="Lock the threads")
    def lock(self, request, queryset, locked: bool = True):
        for question in queryset:
            services.thread_lock(staff=request.user, question=question, locked=locked)
        self.message_user(request, "Locked." if locked else "Unlocked.")

    @admin.action(description="Unlock the threads")
    def unlock(self, request, queryset):
        self.lock(request, queryset, locked=False)

    @admin.action(description="Promote to FAQ (a draft to edit and publish)")
    def promote(self, request, queryset):
        """First a page to choose the FAQ category (the admin's way for an action that needs
        more than the selection); it posts back here with `post` set."""
        if not Category.objects.exists():
            self.message_user(request, "Create an FAQ category first.", messages.WARNING)
            return None
        form = PromoteForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": "Promote to the FAQ",
                "opts": self.opts,
                "form": form,
                "queryset": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            template = "admin/community/question/promote.html"
            return TemplateResponse(request, template, context, status=400 if form.errors else 200)
        for question in queryset:
            try:
                entry = services.question_promote(
                    staff=request.user, question=question, category=form.cleaned_data["category"]
                )
            except ValidationError as error:
                self.message_user(request, f"{question}: {error.messages[0]}", messages.WARNING)
                continue
            url = reverse("admin:faq_question_change", args=[entry.pk])
            self.message_user(
                request, format_html('Draft FAQ entry: <a href="{}">{}</a>', url, entry)
            )
        return None


@admin.register(Answer)
class AnswerAdmin(ModerationActions, admin.ModelAdmin):
    list_display = ["__str__", "status", "helpful_count", "created_at"]
    list_filter = ["status"]
    fields = ["question", "body", "status", "author", "created_at"]
    readonly_fields = fields
    raw_id_fields = ["question"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "question", "answer", "reporter", "resolved_at"]
    list_select_related = ["question", "answer", "reporter"]
    list_filter = ["resolved_at"]


@admin.register(StaffAction)
class StaffActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "staff", "verb", "question", "answer", "member"]
    list_select_related = ["staff", "question", "answer", "member"]
    list_filter = ["verb"]

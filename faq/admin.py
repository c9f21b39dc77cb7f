"""FAQ admin: editors write questions; staff answer visitors' questions and publish them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import ngettext

from faq.models import (
    Category,
    HelpfulVote,
    Question,
    QuestionStatus,
    SearchLog,
    SubmissionStatus,
    SubmittedQuestion,
    Synonym,
)
from faq.services import question_publish_from_submission, questions_set_status
from pmportal.admin import ReadOnlyAdmin
from pmportal.markdown import render_markdown

ASKED = ["name", "email", "question", "search_query", "user", "created_at"]


def _report(model_admin: admin.ModelAdmin, request, count: int, one: str, many: str) -> None:
    model_admin.message_user(request, ngettext(one, many, count) % count, messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "question_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("questions"))

    @admin.display(description="questions", ordering="n")
    def question_count(self, category: Category) -> int:
        return category.n


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "question",
        "category",
        "position",
        "status",
        "last_reviewed",
        "helpful_yes",
        "helpful_no",
    ]
    list_editable = ["position"]
    # Only the tags questions use: the content vocabulary is shared with the resources.
    list_filter = [
        "status",
        "category",
        "last_reviewed",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["question", "answer", "tag_names"]
    prepopulated_fields = {"slug": ["question"]}
    readonly_fields = ["answer_preview", "created_at", "updated_at"]
    fields = [
        "category",
        "question",
        "slug",
        "answer",
        "answer_preview",
        "summary",
        "tags",
        "status",
        "position",
        "last_reviewed",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("votes", filter=Q(votes__helpful=True)),
                no=Count("votes", filter=Q(votes__helpful=False)),
            )
        )

    @admin.display(description="helpful", ordering="yes")
    def helpful_yes(self, question: Question) -> int:
        return question.yes

    @admin.display(description="not helpful", ordering="no")
    def helpful_no(self, question: Question) -> int:
        return question.no

    @admin.display(description="preview (as saved)")
    def answer_preview(self, question: Question):
        if not question.answer:
            return "Save to see the rendered answer."
        return format_html('<div class="faq-preview">{}</div>', render_markdown(question.answer))

    @admin.action(description="Publish the selected questions")
    def publish(self, request, queryset) -> None:
        count = questions_set_status(questions=queryset, status=QuestionStatus.PUBLISHED)
        _report(self, request, count, "%d question published.", "%d questions published.")

    @admin.action(description="Unpublish the selected questions (back to draft)")
    def unpublish(self, request, queryset) -> None:
        count = questions_set_status(questions=queryset, status=QuestionStatus.DRAFT)
        _report(self, request, count, "%d question back to draft.", "%d questions back to draft.")


class SubmittedQuestionForm(forms.ModelForm):
    """The submission plus what is needed to publish it as an FAQ entry in the same save."""

    publish = forms.BooleanField(
        required=False,
        label="Publish as a new FAQ entry and email the asker",
        help_text="Creates a published question with the wording, answer and category above.",
    )
    publish_category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, label="Category"
    )
    publish_question = forms.CharField(
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        label="Question as published",
        help_text="Edit the visitor's wording into a clear question.",
    )
    publish_answer = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
        label="Answer (Markdown)",
    )
    publish_tags = forms.CharField(
        required=False,
        label="Tags",
        help_text="Comma-separated, e.g. roadmap, strategy.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )

    class Meta:
        model = SubmittedQuestion
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.initial.get("publish_question"):
            self.fields["publish_question"].initial = self.instance.question[:255]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish"):
            if self.instance.published_question_id:
                raise ValidationError("This question has already been published.")
            for name in ("publish_category", "publish_question", "publish_answer"):
                if not cleaned.get(name):
                    self.add_error(name, "Needed to publish.")
        return cleaned


@admin.register(SubmittedQuestion)
class SubmittedQuestionAdmin(admin.ModelAdmin):
    form = SubmittedQuestionForm
    # The question's first 80 characters (SubmittedQuestion.__str__).
    list_display = ["__str__", "name", "email", "status", "created_at", "answered_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["question", "name", "email", "search_query"]
    date_hierarchy = "created_at"
    readonly_fields = [*ASKED, "answered_at", "published_link"]
    fieldsets = [
        ("What the visitor asked", {"fields": ASKED}),
        ("Status", {"fields": ["status", "answered_at", "published_link"]}),
        (
            "Answer and publish",
            {
                "fields": [
                    "publish_question",
                    "publish_answer",
                    "publish_category",
                    "publish_tags",
                    "publish",
                ]
            },
        ),
    ]
    actions = ["dismiss"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="published as")
    def published_link(self, submission: SubmittedQuestion):
        if not submission.published_question_id:
            return "—"
        entry = submission.published_question
        return format_html('<a href="{}">{}</a>', entry.get_absolute_url(), entry.question)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("publish"):
            tags = [t.strip() for t in form.cleaned_data["publish_tags"].split(",") if t.strip()]
            entry = question_publish_from_submission(
                submission=obj,
                category=form.cleaned_data["publish_category"],
                question=form.cleaned_data["publish_question"],
                answer=form.cleaned_data["publish_answer"],
                tags=tags,
            )
            self.message_user(
                request,
                f"Published “{entry.question}” and emailed {obj.email} the link.",
                messages.SUCCESS,
            )

    @admin.action(description="Dismiss the selected questions")
    def dismiss(self, request, queryset) -> None:
        count = queryset.filter(status=SubmissionStatus.NEW).update(
            status=SubmissionStatus.DISMISSED
        )
        _report(self, request, count, "%d question dismissed.", "%d questions dismissed.")


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Search synonyms: what visitors type ("pm") and the words the FAQ uses for it."""

    list_display = ["term", "expansions"]
    list_editable = ["expansions"]
    search_fields = ["term", "expansions"]


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(ReadOnlyAdmin):
    list_display = ["question", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "created_at"]
    search_fields = ["question__question", "comment"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdmin):
    list_display = ["query", "results", "signed_in", "created_at"]
    list_filter = ["signed_in", "created_at"]
    search_fields = ["query"]
    date_hierarchy = "created_at"

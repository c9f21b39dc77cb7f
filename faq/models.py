"""FAQ: categories, questions, search words and synonyms, search log, helpful votes and questions
visitors sent us."""

import html
import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager

from pmportal.markdown import render_markdown

# The search config is explicit everywhere: a generated column needs an immutable expression
# (PostgreSQL rejects a GeneratedField whose SearchVector has no `config=` as "not immutable"),
# and the query must use the same config as the vector.
SEARCH_CONFIG = "english"


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('faq:index')}#{self.slug}"


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class QuestionQuerySet(models.QuerySet):
    def published(self) -> "QuestionQuerySet":
        """What visitors may see: every public read starts here."""
        return self.filter(status=QuestionStatus.PUBLISHED)

    def with_vote_of(self, user) -> "QuestionQuerySet":
        """`my_vote` on each question: what `user` answered to "Was this helpful?", or None."""
        votes = HelpfulVote.objects.filter(question=models.OuterRef("pk"), user=user)
        return self.annotate(my_vote=models.Subquery(votes.values("helpful")[:1]))

    def related_to(self, question: "Question", *, limit: int = 4) -> "QuestionQuerySet":
        """Published questions sharing the most tags with `question`, then its category, in
        one query (a filtered count over the tag join)."""
        tag_ids = [tag.pk for tag in question.tags.all()]
        return (
            self.published()
            .exclude(pk=question.pk)
            .annotate(
                shared_tags=models.Count(
                    "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True
                ),
                same_category=models.ExpressionWrapper(
                    Q(category_id=question.category_id), output_field=models.BooleanField()
                ),
            )
            .filter(Q(shared_tags__gt=0) | Q(same_category=True))
            .order_by("-shared_tags", "-same_category", "position", "pk")[:limit]
        )


def question_search_vector() -> SearchVector:
    """Weights: A the question, B its tags, C the answer (as plain text, no Markdown)."""
    return (
        SearchVector("question", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tag_names", weight="B", config=SEARCH_CONFIG)
        + SearchVector("answer_text", weight="C", config=SEARCH_CONFIG)
    )


class Question(models.Model):
    """One FAQ entry. The stored search vector reads `tag_names` and `answer_text`, copies
    kept on save: a generated column cannot read the tags' table nor run Markdown."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    question = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True, help_text="Stable: part of the URL.")
    answer = models.TextField(
        help_text="Markdown. Raw HTML, scripts and event handlers are removed."
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences for search engines and link previews. "
        "Left empty, the start of the answer is used.",
    )
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.DRAFT
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the category.")
    tags = TaggableManager(blank=True, help_text="Comma-separated, e.g. roadmap, strategy.")
    tag_names = models.TextField(blank=True, editable=False)
    answer_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="When an editor last checked the answer."
    )
    search_vector = models.GeneratedField(
        expression=question_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "question"]
        indexes = [
            GinIndex(fields=["search_vector"], name="faq_question_search_gin"),
            models.Index(fields=["status", "category", "position"], name="faq_question_order"),
        ]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        self.answer_text = answer_to_text(self.answer)
        if self.pk:
            self.tag_names = " ".join(sorted(tag.name for tag in self.tags.all()))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("faq:question", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        """Plain text for meta descriptions and link previews."""
        if self.summary:
            return self.summary
        text = self.answer_text or answer_to_text(self.answer)
        return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def answer_to_text(answer: str) -> str:
    """The answer as plain words (for the search vector, snippets and meta descriptions)."""
    # Unescaped: this is text, not HTML ("P&L", not "P&amp;L"); templates escape it again.
    return re.sub(r"\s+", " ", html.unescape(strip_tags(render_markdown(answer)))).strip()


class SearchTerm(models.Model):
    """Every distinct word of the published FAQ, the dictionary typos are corrected against
    (rebuilt on every edit by faq.search.refresh_terms)."""

    word = models.CharField(max_length=40, unique=True)
    frequency = models.PositiveIntegerField(default=0, help_text="Times the FAQ uses the word.")

    def __str__(self) -> str:
        return self.word


class Synonym(models.Model):
    """What visitors type ("pm") and the FAQ's words for it; a search also finds those."""

    term = models.CharField(
        max_length=100, unique=True, help_text="A word or phrase people search for, e.g. pm."
    )
    expansions = models.CharField(
        max_length=500,
        help_text="Comma-separated words or phrases the search also looks for, "
        "e.g. product manager, product management.",
    )

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def save(self, *args, **kwargs) -> None:
        # Queries are matched in lower case with single spaces; so is the term, and it stays unique.
        self.term = " ".join(self.term.lower().split())
        super().save(*args, **kwargs)


class SearchLog(models.Model):
    """One row per search a person ran, for the dashboard; nothing that identifies them."""

    query = models.CharField(max_length=200, help_text="Normalized: lower case, single spaces.")
    results = models.PositiveIntegerField()
    signed_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], name="faq_searchlog_created"),
            models.Index(fields=["query"], name="faq_searchlog_query"),
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.results})"


class HelpfulVote(models.Model):
    """'Was this helpful?': one vote per question and member, or per browser session."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    session_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "user"],
                condition=Q(user__isnull=False),
                name="faq_vote_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["question", "session_key"],
                condition=Q(user__isnull=True) & ~Q(session_key=""),
                name="faq_vote_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{'yes' if self.helpful else 'no'} on {self.question_id}"


class SubmissionStatus(models.TextChoices):
    NEW = "new", "New"
    PUBLISHED = "published", "Answered and published"
    DISMISSED = "dismissed", "Dismissed"


class SubmittedQuestionQuerySet(models.QuerySet):
    def unanswered(self) -> "SubmittedQuestionQuerySet":
        return self.filter(status=SubmissionStatus.NEW)


class SubmittedQuestion(models.Model):
    """A question a visitor asked through "Ask us"; staff answer and publish it in the admin."""

    name = models.CharField(max_length=100)
    email = models.EmailField()
    question = models.TextField(max_length=2000)
    search_query = models.CharField(
        max_length=200, blank=True, help_text="What they searched for before asking."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW
    )
    published_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = SubmittedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="faq_submission_status")]

    def __str__(self) -> str:
        return self.question[:80]


class AnswerRequestQuerySet(models.QuerySet):
    def pending(self) -> "AnswerRequestQuerySet":
        return self.filter(notified_at__isnull=True)


class AnswerRequest(models.Model):
    """ "Notify me when this is answered": a member's search that found nothing, emailed once
    a question it finds is published; deleted with the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="faq_answer_requests"
    )
    query = models.CharField(max_length=200, help_text="Normalized, as in the search log.")
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AnswerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query"],
                condition=Q(notified_at__isnull=True),
                name="faq_answer_request_one_pending",
            )
        ]
        indexes = [
            models.Index(fields=["notified_at", "created_at"], name="faq_answer_req_pending")
        ]

    def __str__(self) -> str:
        return f"{self.query} ({'notified' if self.notified_at else 'waiting'})"

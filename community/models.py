"""Community questions: members ask, members answer, the asker (or staff) accepts one answer.

Posts (questions and answers) carry a moderation status: a member's first link-bearing posts
wait for staff, three reports from different members hide a post until staff decide. Every
staff decision is a `StaffAction` row.
"""

import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from taggit.managers import TaggableManager

from pmportal.markdown import render_markdown

SEARCH_CONFIG = "english"
LINK = re.compile(r"https?://|www\.|\]\(|<a\s", re.IGNORECASE)


def has_link(text: str) -> bool:
    return bool(LINK.search(text or ""))


class Status(models.TextChoices):
    VISIBLE = "visible", "Visible"
    PENDING = "pending", "Waiting for staff (contains a link)"
    HIDDEN = "hidden", "Hidden after reports, waiting for staff"
    REMOVED = "removed", "Removed by staff"


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PostQuerySet":
        """What `user` may read: visible posts, and their own posts waiting for staff."""
        mine = Q(author=user, status__in=[Status.PENDING, Status.HIDDEN])
        return self.filter(Q(status=Status.VISIBLE) | mine)

    def by(self, user) -> "PostQuerySet":
        """The member's own posts (for edit and delete: anyone else gets 404)."""
        return self.filter(author=user).exclude(status=Status.REMOVED)


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000, help_text="Markdown, sanitized when shown.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    has_link = models.BooleanField(default=False, editable=False)
    # The body through pmportal.markdown, rendered on save: a thread shows up to 50 answers and
    # rendering each on every view cost more than the page's queries (scripts/bench_community.py).
    rendered = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.has_link = has_link(self.body) or has_link(getattr(self, "title", ""))
        self.rendered = render_markdown(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rendered", "has_link"}
        super().save(*args, **kwargs)

    @property
    def body_html(self) -> SafeString:
        # Sanitized by nh3 when it was rendered (save above); never edited by hand.
        return mark_safe(self.rendered)  # noqa: S308  # nosec B308 B703


class QuestionQuerySet(PostQuerySet):
    def unanswered(self) -> "QuestionQuerySet":
        return self.filter(answer_count=0)


class Question(Post):
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=5000, blank=True, help_text="Markdown, optional.")
    tags = TaggableManager(
        blank=True,
        related_name="community_questions",
        help_text="From the FAQ's tags, e.g. roadmap, pricing.",
    )
    search_query = models.CharField(max_length=200, blank=True, editable=False)
    answer_count = models.PositiveIntegerField(default=0, editable=False)
    first_answer_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_answer = models.OneToOneField(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    locked = models.BooleanField(default=False, help_text="No new answers, no edits.")
    promoted_to = models.ForeignKey(
        "faq.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="community_question_search"),
            models.Index(fields=["status", "-id"], name="community_q_newest"),
            models.Index(fields=["author", "created_at"], name="community_q_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:question", kwargs={"pk": self.pk})


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    helpful_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["question", "created_at", "id"], name="community_a_thread"),
            models.Index(fields=["author", "created_at"], name="community_a_author"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.question_id}"

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class MemberMark(models.Model):
    """Something a member sets once on a post (a vote, a follow)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class HelpfulVote(MemberMark):
    """One "helpful" per member and answer: the unique constraint decides between two clicks."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    # A figure that stays, anonymous, when the member leaves.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="community_vote_one")
        ]

    def __str__(self) -> str:
        return f"helpful on {self.answer_id}"


class Follow(MemberMark):
    """ "Tell me when this is answered in the FAQ": a member following a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="community_follow_one")
        ]

    def __str__(self) -> str:
        return f"following {self.question_id}"


class Report(models.Model):
    """A member telling staff about a question or an answer; three reporters hide it."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=True) ^ Q(answer__isnull=True),
                name="community_report_one_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "question"], name="community_report_q_once"
            ),
            models.UniqueConstraint(fields=["reporter", "answer"], name="community_report_a_once"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk}"


class StaffAction(models.Model):
    """Who did what, when: every moderation decision staff take."""

    class Verb(models.TextChoices):
        APPROVE = "approve", "Approved a post"
        RESTORE = "restore", "Restored a reported post"
        REMOVE = "remove", "Removed a post"
        LOCK = "lock", "Locked a thread"
        UNLOCK = "unlock", "Unlocked a thread"
        SUSPEND = "suspend", "Suspended a member"
        UNSUSPEND = "unsuspend", "Lifted a suspension"
        ACCEPT = "accept", "Accepted an answer"
        PROMOTE = "promote", "Promoted a thread to the FAQ"

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=10, choices=Verb.choices)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """What staff decided about the member's posts or account, never which staff member."""
        actions = cls.objects.filter(models.Q(member=user) | models.Q(staff=user))
        return list(actions.values("verb", "question_id", "answer_id", "created_at"))

"""Introductions between members: requests, connections, blocks and reports.

Each row names users, never addresses: no page built from these shows an email.
"""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone

from members.models import User

EXPIRY = timedelta(days=14)
FORMER = "a former member"


def between(a, b) -> Q:
    """Either direction between two users (instances or ids)."""
    a, b = getattr(a, "pk", a), getattr(b, "pk", b)
    return Q(sender_id=a, recipient_id=b) | Q(sender_id=b, recipient_id=a)


class IntroductionQuerySet(models.QuerySet):
    def pending(self) -> "IntroductionQuerySet":
        """Waiting for an answer and not yet 14 days old."""
        return self.filter(
            status=Introduction.Status.PENDING, created_at__gt=timezone.now() - EXPIRY
        )

    def stale(self) -> "IntroductionQuerySet":
        """Unanswered for 14 days: `network.tasks.expire_introductions` marks them expired."""
        return self.filter(
            status=Introduction.Status.PENDING, created_at__lte=timezone.now() - EXPIRY
        )

    def pending_for_sender(self) -> "IntroductionQuerySet":
        """What a sender sees as pending: declined and cancelled requests too, until they would
        have expired, so that a decline or a block is never shown to them."""
        return self.filter(status__in=Introduction.SILENT, created_at__gt=timezone.now() - EXPIRY)

    def visible_to(self, user) -> "IntroductionQuerySet":
        """A request is the sender's and the recipient's only; the recipient no longer sees one
        the sender withdrew or that was cancelled. Anyone else: nothing (404)."""
        ended = [Introduction.Status.WITHDRAWN, Introduction.Status.CANCELLED]
        return self.filter(Q(sender_id=user.pk) | (Q(recipient_id=user.pk) & ~Q(status__in=ended)))


class Introduction(models.Model):
    """One member asking another to connect, with why."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Cancelled (block, suspension or account deleted)"
        EXPIRED = "expired", "Expired"

    SILENT = [Status.PENDING, Status.DECLINED, Status.CANCELLED]

    # SET_NULL: the anonymous row stays for the owner's figures; the sender's words go with
    # the account (network/receivers.py). Both are looked up through the indexes below.
    sender = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_introductions",
        db_index=False,
    )
    recipient = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="received_introductions",
        db_index=False,
    )
    reason = models.TextField(max_length=500)
    topic = models.CharField(max_length=100, blank=True, help_text="A skill both share (slug).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        constraints = [
            # Twenty parallel "Ask to connect" (or both asking at once) make one pending row.
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                condition=Q(status="pending"),
                name="network_one_pending_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="network_request_not_to_self"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "-created_at"]),
            models.Index(fields=["sender", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Introduction {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("network:introduction", args=[self.pk])

    def status_for(self, user) -> str:
        """The status as this member may see it ("pending" for a silent decline)."""
        if user.pk == self.sender_id and self.status in self.SILENT:
            expired = self.created_at <= timezone.now() - EXPIRY
            return self.Status.EXPIRED.label if expired else self.Status.PENDING.label
        if self.status == self.Status.PENDING and self.created_at <= timezone.now() - EXPIRY:
            return self.Status.EXPIRED.label
        return self.get_status_display()

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        mine = cls.objects.filter(Q(sender=user) | Q(recipient=user))
        return request_rows(mine, user, "sender", "recipient", ["reason", "topic"])


def request_rows(requests, user, asker: str, asked: str, fields: list[str]) -> list[dict]:
    """A member's requests (introductions, mentoring) for the data export: sent or received,
    with whom, their `fields`, and the status as the member may see it."""
    rows = []
    for request in requests.select_related(f"{asker}__profile", f"{asked}__profile"):
        sent = getattr(request, f"{asker}_id") == user.pk
        other = getattr(request, asked if sent else asker)
        rows.append(
            {
                "direction": "sent" if sent else "received",
                "member": str(other.profile) if other else FORMER,
                **{name: getattr(request, name) for name in fields},
                "status": request.status_for(user),
                "created_at": request.created_at,
            }
        )
    return rows


class ConnectionQuerySet(models.QuerySet):
    def of(self, user) -> "ConnectionQuerySet":
        return self.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk))

    def others(self, user) -> "ConnectionQuerySet":
        """The ids of `user`'s connections, as one subquery (an OR of two `IN`s would scan
        every profile)."""
        other = models.Case(
            models.When(user_low_id=user.pk, then=F("user_high_id")), default=F("user_low_id")
        )
        return self.of(user).annotate(other=other).values("other")

    def between(self, a, b) -> "ConnectionQuerySet":
        low, high = sorted([a.pk, b.pk])
        return self.filter(user_low_id=low, user_high_id=high)


class Connection(models.Model):
    """Two members who agreed to know each other: one row per pair, the lower id first."""

    # No index of its own: the pair's unique index starts with it.
    user_low = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    user_high = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_low", "user_high"], name="network_one_connection_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="network_connection_ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"Connection {self.user_low_id}-{self.user_high_id}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        rows = []
        for connection in cls.objects.of(user).select_related(
            "user_low__profile", "user_high__profile"
        ):
            other = (
                connection.user_high if connection.user_low_id == user.pk else connection.user_low
            )
            rows.append({"member": str(other.profile), "since": connection.created_at})
        return rows


class Block(models.Model):
    """`blocker` does not want to hear from `blocked`. Private: only the blocker sees it."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="network_one_block"),
            models.CheckConstraint(
                condition=~Q(blocker=F("blocked")), name="network_block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Block {self.blocker_id} → {self.blocked_id}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """Only the blocks the member made: being blocked is never revealed."""
        blocks = cls.objects.filter(blocker=user).select_related("blocked__profile")
        return [{"member": str(b.blocked.profile), "since": b.created_at} for b in blocks]


class Report(models.Model):
    """A member telling staff about an introduction, a message or a profile, with a copy of it
    as it was (staff never browse conversations: the copy is all they see)."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", "Introduction request"
        PROFILE = "profile", "Profile"
        MESSAGE = "message", "Message"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    reporter = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    member = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", help_text="Reported."
    )
    introduction = models.ForeignKey(Introduction, on_delete=models.SET_NULL, null=True, blank=True)
    message = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    snapshot = models.JSONField(help_text="What was reported, as it was then.")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resolved_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report {self.pk}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """The reports the member made (never those about them)."""
        reports = cls.objects.filter(reporter=user)
        return [{"kind": r.kind, "reason": r.reason, "created_at": r.created_at} for r in reports]


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConversationQuerySet":
        """A conversation is its two members' only: anyone else, staff too, gets nothing."""
        return self.filter(participants__user=user.pk)


class Conversation(models.Model):
    """Two members writing to each other. Who takes part, and how far each has read, is in
    `Participant`: one row per member, so either can leave (delete their account) alone."""

    created_at = models.DateTimeField(default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Conversation {self.pk}"


class ParticipantQuerySet(models.QuerySet):
    def of(self, user) -> "ParticipantQuerySet":
        return self.filter(user=user.pk)

    def listed(self, user) -> "ParticipantQuerySet":
        """The member's conversations, newest activity first."""
        return self.of(user).filter(last_message_at__isnull=False).order_by("-last_message_at")


class Participant(models.Model):
    """One member's side of a conversation: with whom, their unread count (kept on send, so
    the header and the list never count messages), and when they were last emailed about it."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    # SET_NULL: when the other member leaves, the history stays, from "a former member".
    other = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # The last message this member can see; none yet (a first message withheld from them):
    # the conversation is not in their list.
    last_message_at = models.DateTimeField(null=True, blank=True)
    unread = models.PositiveIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [
            # One conversation per pair: parallel first messages settle on this index.
            models.UniqueConstraint(fields=["user", "other"], name="network_one_conversation"),
        ]
        indexes = [models.Index(fields=["user", "-last_message_at"])]

    def __str__(self) -> str:
        return f"Participant {self.user_id} in {self.conversation_id}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """The member's conversations; their messages are `Message.export_rows`."""
        return [
            {
                "conversation": side.conversation_id,
                "with": str(side.other.profile) if side.other else FORMER,
                "last_message_at": side.last_message_at,
            }
            for side in cls.objects.of(user).select_related("other__profile")
        ]


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MessageQuerySet":
        """The messages of the member's conversations, but not those withheld from them (sent
        across a block: only their author sees them)."""
        return self.filter(conversation__participants__user=user.pk).filter(
            Q(withheld=False) | Q(author=user.pk)
        )

    def page(self, conversation: int, before: int | None, size: int) -> "MessageQuerySet":
        """`size` messages of a conversation older than `before` (the newest when None), the
        newest first: their ids come from the history index alone, then the rows by id.

        In one query, the planner walked the primary key backwards for a conversation with
        100,000 messages (it expects them spread evenly) and read 1.4 million rows to find
        30 (1.1 s at 5 million messages; docs/performance.md)."""
        ids = self.filter(conversation=conversation)
        if before:
            ids = ids.filter(pk__lt=before)
        ids = ids.order_by("-pk").values("pk")[:size]
        return Message.objects.filter(pk__in=ids).order_by("-pk")


class Message(models.Model):
    """Plain text, shown escaped with its links made clickable (never HTML)."""

    MAX_LENGTH = 5000

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    author = models.ForeignKey(  # looked up through the (author, created_at) index below
        User, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    text = models.TextField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # Sent across a block: stored so the sender sees what they sent, never shown to the other.
    withheld = models.BooleanField(default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        # A conversation's pages go back by id (the keyset), a page's ids read from this index
        # alone (who wrote and whether withheld included: see `MessageQuerySet.page`); a
        # sender's rate limit and double-submit check read their recent messages.
        indexes = [
            models.Index(
                fields=["conversation", "-id"],
                include=["author", "withheld"],
                name="network_message_history",
            ),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    @classmethod
    def export_rows(cls, user) -> list[dict]:
        """Every message of the member's conversations that they can read."""
        rows = cls.objects.visible_to(user).order_by("conversation_id", "id")
        return [
            {
                "conversation": message.conversation_id,
                "from": "you"
                if message.author_id == user.pk
                else "the other member"
                if message.author_id
                else FORMER,
                "text": message.text,
                "sent_at": message.created_at,
            }
            for message in rows
        ]

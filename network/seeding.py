"""A synthetic network among the synthetic members, for the benchmark (`manage.py seed_network`).

Connections with the accepted introduction each came from, pending and declined requests, and
conversations between connected members: most a few messages long, a few thousands deep. A few
members are popular (a Pareto draw, capped), as in any community. Messages are written in time
order across all conversations, so one conversation's history is spread over the table as it
would be after years of use. Rows go in with COPY (members/seeding.py); only synthetic members
take part, and a second run adds nothing.
"""

import datetime as dt
import random
from bisect import bisect
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

from django.db import connection, transaction
from django.utils import timezone

from members.models import Profile
from members.seeding import (
    DEFAULT_SEED,
    Progress,
    bulk_load_session,
    copy_rows,
    reserve_ids,
    vacuum_analyze,
)
from network.models import Connection, Conversation, Introduction, Message, Participant

DAY = 86400.0
HISTORY_DAYS = 730
TALKING = 5  # one connection in TALKING has a conversation
DEEP_CONVERSATIONS = 40  # the most popular members each have one: 1 to 5 messages per 1,000
PENDING, DECLINED = 10, 20  # one pending request per 10 connections, one declined per 20
SLICES = 5000  # the timeline's steps: within one, a conversation's messages are adjacent
REASONS = [
    "We both work on {topic} and I would like to compare notes on how your team handles it.",
    "I enjoyed your post about {topic}; I am facing the same question at my company.",
    "I am moving into {topic} and would value an experienced view now and then.",
    "We met at the product meetup last month and talked about {topic}. Let's keep in touch.",
    "Your headline says {topic}: I am hiring for that and would love to hear your take.",
]
TOPICS = ["pricing", "discovery", "roadmaps", "onboarding", "growth loops", "APIs", "OKRs"]
LINES = [
    "Thanks for the notes from yesterday, they helped a lot.",
    "How did the pricing test go in the end?",
    "I shared your roadmap template with my team; they loved the outcome column.",
    "Can we move our call to Thursday? Something came up.",
    "We shipped the onboarding change: activation is up four points so far.",
    "Do you have a good article on opportunity trees? Mine are getting messy.",
    "Sure, happy to review the spec before you send it round.",
    "Our engineers pushed back on the estimate again. How do you handle that?",
    "Great question. I usually start from the customer interviews, then size it.",
    "Here is the link I mentioned: https://example.org/discovery-notes",
    "Congratulations on the launch!",
    "I think the north star should be weekly active teams, not sign-ups.",
    "Let me check with legal and come back to you next week.",
    "Ha, same here. Every quarter the planning takes longer than the quarter.",
    "Would you be up for a short talk at our meetup in the spring?",
    "That makes sense. I will try a smaller beta group first.",
]


def _texts(rng: random.Random, templates: list[str], count: int) -> list[str]:
    """`count` texts of one to three lines each, drawn once and then reused."""
    return [
        " ".join(rng.sample(templates, rng.randint(1, 3))).format(topic=rng.choice(TOPICS))
        for _ in range(count)
    ]


def _when(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _members() -> tuple[list[int], list[float]]:
    rows = Profile.objects.synthetic().order_by("user_id").values_list("user_id", "created_at")
    ids, joined = [], []
    for user_id, created_at in rows.iterator(chunk_size=50_000):
        ids.append(user_id)
        joined.append(created_at.timestamp())
    return ids, joined


def _pairs(rng: random.Random, count: int, members: int, cum: list[float]) -> set:
    """`count` distinct pairs of member numbers, (low, high): one end popular, one at random."""
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < count:
        need = count - len(pairs)
        for a in (bisect(cum, rng.random() * cum[-1]) for _ in range(need)):
            b = rng.randrange(members)
            if a != b:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def _messages(rng, conversations, first_id, progress) -> Iterator[tuple]:
    """Rows of Message, in time order over all conversations (ids grow with time), each
    conversation's messages evenly spread from its start to its last message.

    `conversations` holds [conversation id, a, b, start, end, count, last author] lists; the
    last author is filled in here.
    """
    texts = _texts(rng, LINES, 4000)
    start = min(c[3] for c in conversations)
    step = (max(c[4] for c in conversations) - start) / SLICES + 1
    buckets: list[list] = [[] for _ in range(SLICES + 1)]
    for c in conversations:
        c += [None, 0]  # the last author, the messages written so far
        buckets[int((c[3] - start) / step)].append(c)
    message_id = first_id
    for index, bucket in enumerate(buckets):
        until = start + (index + 1) * step
        for c in bucket:
            pk, a, b, begin, end, count = c[:6]
            gap = (end - begin) / max(1, count - 1)
            at = begin + c[7] * gap
            while c[7] < count and at < until:
                author = a if rng.random() < 0.5 else b
                yield message_id, pk, author, texts[rng.randrange(4000)], _when(at), False
                message_id, c[6], c[7], at = message_id + 1, author, c[7] + 1, at + gap
            if c[7] < count:
                buckets[min(SLICES, int((at - start) / step))].append(c)
        bucket.clear()
        progress(message_id - first_id)


@transaction.atomic
def network_seed(
    *, connections: int, messages: int, seed: int = DEFAULT_SEED, progress: Progress | None = None
) -> int:
    """Connect synthetic members `connections` times and have them write `messages` messages
    (see the module's docstring). Returns the rows added: 0 when they already have a network."""
    ids, joined = _members()
    if len(ids) < 2 or Connection.objects.filter(user_low_id__in=ids[:1000]).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    now = timezone.now().timestamp()
    weights = [min(1000.0, rng.paretovariate(1.5)) for _ in ids]
    cum, total = [], 0.0
    for weight in weights:
        total += weight
        cum.append(total)
    pairs = sorted(_pairs(rng, connections, len(ids), cum))
    talking = rng.sample(range(len(pairs)), min(len(pairs), len(pairs) // TALKING))
    open_count = len(pairs) // PENDING
    pending = _pairs(rng, open_count + len(pairs) // DECLINED, len(ids), cum) - set(pairs)
    grand_total = len(pairs) * 2 + len(pending) + len(talking) * 3 + messages
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        before, done = done, done + count
        if progress and (not done or before * 200 // grand_total < done * 200 // grand_total):
            progress(done, grand_total)  # every half percent

    bulk_load_session()
    advance(0)

    since = [now - rng.random() * (now - max(joined[a], joined[b], now - HISTORY_DAYS * DAY))
             for a, b in pairs]  # fmt: skip
    first = reserve_ids(Connection, len(pairs))
    with _indexes_rebuilt(Connection):
        copy_rows(
            Connection,
            ["id", "user_low_id", "user_high_id", "created_at"],
            ((first + n, ids[a], ids[b], _when(since[n])) for n, (a, b) in enumerate(pairs)),
        )
    advance(len(pairs))

    reasons = _texts(rng, REASONS, 500)
    accepted = ((ids[a], ids[b], since[n] - rng.random() * 3 * DAY, since[n], "accepted")
                for n, (a, b) in enumerate(pairs))  # fmt: skip
    requests = []
    for n, (a, b) in enumerate(sorted(pending)):
        sender, recipient = (a, b) if rng.random() < 0.5 else (b, a)
        if n < open_count:  # the popular end receives most requests, as it would
            sender, recipient = (b, a) if weights[a] > weights[b] else (a, b)
            requests.append((ids[sender], ids[recipient], now - rng.random() * 13 * DAY, None,
                             "pending"))  # fmt: skip
        else:
            asked = now - rng.random() * HISTORY_DAYS * DAY
            requests.append((ids[sender], ids[recipient], asked, asked + DAY, "declined"))
    first = reserve_ids(Introduction, len(pairs) + len(requests))
    with _indexes_rebuilt(Introduction):
        copy_rows(
            Introduction,
            ["id", "sender_id", "recipient_id", "reason", "status", "created_at", "decided_at"],
            (
                (
                    first + n,
                    sender,
                    recipient,
                    reasons[n % 500],
                    status,
                    _when(asked),
                    _when(decided) if decided else None,
                )
                for n, (sender, recipient, asked, decided, status) in enumerate(
                    chain(accepted, requests)
                )
            ),
        )
    advance(len(pairs) + len(requests))

    # Conversation lengths: a long tail (log-normal), scaled to `messages`, and the deep ones
    # between the most popular members and one of their connections.
    popular = set(
        sorted(range(len(ids)), key=weights.__getitem__, reverse=True)[:DEEP_CONVERSATIONS]
    )
    deep = {}
    for n in talking:
        for end in pairs[n]:
            if end in popular and end not in deep.values() and len(deep) < DEEP_CONVERSATIONS:
                deep[n] = end
    sizes = {n: max(2, messages // 1000 * (1 + i % 5)) for i, n in enumerate(deep)}
    rest = [n for n in talking if n not in deep]
    draws = [rng.lognormvariate(0, 1.2) for _ in rest]
    scale = max(0, messages - sum(sizes.values()) - len(rest)) / (sum(draws) or 1)
    sizes.update((n, 1 + int(draw * scale)) for n, draw in zip(rest, draws, strict=True))
    for n in rest[: messages - sum(sizes.values())]:  # what the rounding left, one each
        sizes[n] += 1
    first = reserve_ids(Conversation, len(talking))
    conversations = []
    for k, n in enumerate(talking):
        begin = min(now, since[n] + rng.random() * DAY)
        end = begin + rng.random() * (now - begin)
        end = max(begin, now - rng.random() * DAY) if n in deep else end
        conversations.append([first + k, ids[pairs[n][0]], ids[pairs[n][1]], begin, end, sizes[n]])
    copy_rows(Conversation, ["id", "created_at"], ((c[0], _when(c[3])) for c in conversations))
    advance(len(conversations))

    written = 0

    def count_messages(now_written: int) -> None:
        nonlocal written
        advance(now_written - written)
        written = now_written

    with _indexes_rebuilt(Message):
        copy_rows(
            Message,
            ["id", "conversation_id", "author_id", "text", "created_at", "withheld"],
            _messages(rng, conversations, reserve_ids(Message, messages), count_messages),
        )

    def sides(pk, a, b, begin, end, count, last, *_):
        unread = rng.choice([0, 0, 0, 1, 2, 5])
        for user, other in ((a, b), (b, a)):
            yield pk, user, other, _when(end), 0 if user == last else min(unread, count)

    first = reserve_ids(Participant, 2 * len(conversations))
    with _indexes_rebuilt(Participant):
        copy_rows(
            Participant,
            ["id", "conversation_id", "user_id", "other_id", "last_message_at", "unread"],
            (
                (first + n, *side)
                for n, side in enumerate(side for c in conversations for side in sides(*c))
            ),
        )
    advance(2 * len(conversations))
    return done


@contextmanager
def _indexes_rebuilt(model) -> Iterator[None]:
    """Without the model's own indexes (`Meta.indexes`) while rows are loaded, each built
    afterwards by the schema editor: one sorted build is several times faster than millions
    of insertions. The indexes of constraints and foreign keys stay."""
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            editor.remove_index(model, index)
    yield
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            editor.add_index(model, index)


def network_vacuum() -> None:
    vacuum_analyze(Connection, Introduction, Conversation, Message, Participant)

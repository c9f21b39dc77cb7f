"""Synthetic members for development and the directory benchmark (`manage.py seed_members`),
written with COPY (500,000 in a few minutes). Each is derived from `(seed, index)` alone, so a
top-up adds exactly what a fresh seed would have. They are marked `Profile.is_synthetic`, under
the `.invalid` domain, with no usable password.
"""

import datetime as dt
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import ngettext
from psycopg import sql

from members.models import NameToken, ProductDomain, Profile, RoleType, Skill, TaggedSkill, User
from members.skills import PM_SKILLS

logger = logging.getLogger(__name__)

DEFAULT_SEED = 20261125
SYNTHETIC_EMAIL_DOMAIN = "synthetic.invalid"
CHUNK = 10_000
# Above this many new rows, the search indexes are dropped and rebuilt once at the end: one
# sorted index build is several times faster than 500,000 GIN insertions.
REBUILD_INDEXES_ABOVE = 50_000
REBUILT_INDEXES = [
    "members_profile_search_gin",
    "members_profile_skills_gin",
    "members_profile_name_trgm",
    "members_profile_name_words_gin",
]

Progress = Callable[[int, int], None]

# The word lists the generator draws from (names by culture, titles, companies, cities, bio
# sentences). Within a culture the first names are the most common (Zipf-like draw), and
# made-up surnames from syllables give a long tail.
WORDS_FILE = Path(__file__).with_name("data") / "seed_words.json"

ROLE_WEIGHTS = [
    (RoleType.TECHNICAL, 30), (RoleType.GROWTH, 20), (RoleType.GO_TO_MARKET, 18),
    (RoleType.PLATFORM, 17), (RoleType.OTHER, 15),
]  # fmt: skip
DOMAIN_LABELS = dict(ProductDomain.choices)


@dataclass(frozen=True)
class _Vocabulary:
    """Everything the generator draws from, prepared once per run."""

    words: dict
    cultures: list[tuple[list[str], list[str]]]
    culture_cum: list[float]
    companies: list[str]
    company_cum: list[float]
    city_cum: list[float]
    skill_cum: list[float]
    tag_ids: dict[str, int]
    tag_slugs: dict[str, str]


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1 / rank**s for rank in range(1, n + 1)))


def _vocabulary(tags: dict[str, Skill]) -> _Vocabulary:
    words = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    companies = [
        f"{head} {tail}" for tail in words["company_tails"] for head in words["company_heads"]
    ]
    # Shuffle with a fixed seed so the popular companies are not all "... Labs".
    random.Random(7).shuffle(companies)  # noqa: S311 (synthetic data, not security)
    return _Vocabulary(
        words=words,
        cultures=[(culture["first"], culture["last"]) for culture in words["cultures"]],
        culture_cum=list(accumulate(culture["weight"] for culture in words["cultures"])),
        companies=companies,
        company_cum=_zipf_cum(len(companies), 0.8),
        city_cum=list(accumulate(weight for _, _, weight in words["cities"])),
        skill_cum=_zipf_cum(len(PM_SKILLS), 0.6),
        tag_ids={name: tag.pk for name, tag in tags.items()},
        tag_slugs={name: tag.slug for name, tag in tags.items()},
    )


def _invented_surname(rng: random.Random, syllables: list[str]) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()


def _name(rng: random.Random, vocab: _Vocabulary) -> str:
    first_names, last_names = rng.choices(vocab.cultures, cum_weights=vocab.culture_cum)[0]
    first = first_names[min(int(rng.paretovariate(1.2)) - 1, len(first_names) - 1)]
    if rng.random() < 0.25:
        last = _invented_surname(rng, vocab.words["syllables"])
    else:
        last = last_names[min(int(rng.paretovariate(1.1)) - 1, len(last_names) - 1)]
    return f"{first} {last}"


@dataclass
class SyntheticMember:
    email: str
    joined: dt.datetime
    profile: dict
    skills: list[str]


def synthetic_member(index: int, *, seed: int, vocab: _Vocabulary) -> SyntheticMember:
    """The member number `index` of the synthetic population for `seed` (pure function)."""
    rng = random.Random(seed * 10_000_019 + index)  # noqa: S311 (synthetic data)
    name, words = _name(rng, vocab), vocab.words
    title, min_years = rng.choice(words["titles"])
    years = min(40, min_years + int(rng.expovariate(0.35)))
    company = rng.choices(vocab.companies, cum_weights=vocab.company_cum)[0]
    city, country, _ = rng.choices(words["cities"], cum_weights=vocab.city_cum)[0]
    focus = rng.choice(words["focus"])
    role = rng.choices([r for r, _ in ROLE_WEIGHTS], weights=[w for _, w in ROLE_WEIGHTS])[0]
    domains = sorted(set(rng.choices(list(DOMAIN_LABELS), k=rng.randint(1, 3))))
    skill_count = rng.randint(3, 8)
    skills: list[str] = []
    while len(skills) < skill_count:
        skill = rng.choices(PM_SKILLS, cum_weights=vocab.skill_cum)[0]
        if skill not in skills:
            skills.append(skill)
    headline = f"{title} at {company}" if rng.random() < 0.6 else f"{title} · {focus} · {city}"
    fill = {
        "years": ngettext("%d year", "%d years", years) % years,  # an associate PM may have 1
        "focus": focus,
        "title_lower": title.lower(),
        "company": company,
        "domain": DOMAIN_LABELS[domains[0]].lower(),
        "former": rng.choice(words["former_roles"]),
        "skill1": skills[0],
        "skill2": skills[1],
        "skill3": skills[2],
        "city": city,
    }
    middle, second = rng.sample(words["bio_middles"], 2)
    fill_later = {**fill, "skill1": skills[-1], "skill2": skills[-2]}
    bio = " ".join(
        [
            rng.choice(words["bio_openers"]).format(**fill),
            middle.format(**fill),
            second.format(**fill_later),
            rng.choice(words["bio_closers"]).format(**fill),
        ]
    )
    joined = timezone.now().replace(microsecond=0) - dt.timedelta(
        seconds=rng.randint(0, 5 * 365 * 86400)
    )
    profile = {
        "handle": f"s-{index}",
        "display_name": name,
        "headline": headline[:140],
        "role": role.value,
        "domains": domains,
        "company": company,
        "city": city,
        "country": country,
        "years_in_product": years,
        "skill_slugs": [vocab.tag_slugs[s] for s in skills],
        "bio": bio,
        "open_to_mentoring": years >= 6 and rng.random() < 0.35,
        "looking_for_mentor": years <= 5 and rng.random() < 0.45,
        "is_listed": rng.random() < 0.8,
        "is_synthetic": True,
        "created_at": joined,
        "updated_at": joined,
    }
    return SyntheticMember(
        email=f"member{index}@{SYNTHETIC_EMAIL_DOMAIN}",
        joined=joined,
        profile=profile,
        skills=skills,
    )


def _copy_columns(model: type[models.Model], given: list[str]) -> tuple[list, list]:
    """Columns to COPY: the given ones, plus every other non-generated column at its default
    (so columns other apps add need no change here)."""
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.generated}
    extra = [f for name, f in fields.items() if name not in given and not f.primary_key]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in extra]
    return [fields[name].column for name in given] + [f.column for f in extra], defaults


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Take `count` consecutive ids from the table's sequence; returns the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(sql.Identifier(table))
        )
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def copy_rows(model: type[models.Model], given: list[str], rows: Iterator[tuple]) -> None:
    """COPY `rows` (values of the `given` columns) into the model's table; other columns
    take their defaults."""
    columns, defaults = _copy_columns(model, given)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, *defaults))


def skill_tags(names: Iterable[str] = PM_SKILLS) -> dict[str, Skill]:
    """The skills by name, found case-insensitively as taggit finds them, else created."""
    tags = {}
    for name in names:
        tag = Skill.objects.filter(name__iexact=name).first()
        tags[name] = tag or Skill.objects.create(name=name)
    return tags


def refresh_name_tokens() -> int:
    """Rebuild the typo dictionary from every profile's name words; returns its size."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_nametoken")
        cursor.execute(
            """
            INSERT INTO members_nametoken (token, members)
            SELECT word, count(*)
            FROM members_profile, unnest(name_words) AS word
            WHERE length(word) <= 100
            GROUP BY word
            """
        )
        return cursor.rowcount


@transaction.atomic
def _seed_rows(*, count: int, seed: int, progress: Progress | None) -> int:
    """Users, verified addresses, profiles and skill tags, COPYed in chunks; then the indexes
    (big batches) and the name-token dictionary are rebuilt."""
    existing = Profile.objects.synthetic().count()
    to_add = max(0, count - existing)
    if progress:
        progress(0, to_add)
    if not to_add:
        return 0
    vocab = _vocabulary(skill_tags())
    rebuild = to_add > REBUILD_INDEXES_ABOVE
    bulk_load_session()
    if rebuild:
        with connection.schema_editor(atomic=False) as editor:
            for index in _rebuilt_indexes():
                editor.remove_index(Profile, index)
    user_id = reserve_ids(User, to_add)
    profile_id = reserve_ids(Profile, to_add)
    email_id = reserve_ids(EmailAddress, to_add)
    for start in range(existing, existing + to_add, CHUNK):
        # (k, member): k counts from the first new member, the offset into each reserved range.
        chunk = [
            (i - existing, synthetic_member(i, seed=seed, vocab=vocab))
            for i in range(start, min(start + CHUNK, existing + to_add))
        ]
        copy_rows(
            User,
            ["id", "email", "password", "is_active", "date_joined"],
            ((user_id + k, m.email, "!", True, m.joined) for k, m in chunk),
        )
        copy_rows(
            EmailAddress,
            ["id", "user_id", "email", "verified", "primary"],
            ((email_id + k, user_id + k, m.email, True, True) for k, m in chunk),
        )
        copy_rows(
            Profile,
            ["id", "user_id", *chunk[0][1].profile],
            ((profile_id + k, user_id + k, *m.profile.values()) for k, m in chunk),
        )
        copy_rows(
            TaggedSkill,
            ["content_object_id", "tag_id"],
            ((profile_id + k, vocab.tag_ids[skill]) for k, m in chunk for skill in m.skills),
        )
        if progress:
            progress(chunk[-1][0] + 1, to_add)
    if rebuild:
        _restore_indexes()
    refresh_name_tokens()
    logger.info("seeded synthetic members", extra={"added": to_add, "seed": seed})
    return to_add


def members_seed(*, count: int, seed: int = DEFAULT_SEED, progress: Progress | None = None) -> int:
    """Make sure `count` synthetic members exist; returns how many were added. Then VACUUM: on
    pages not yet all-visible, planning a directory query took 15-30 ms instead of 1."""
    added = _seed_rows(count=count, seed=seed, progress=progress)
    if added:
        vacuum_analyze(User, EmailAddress, Profile, TaggedSkill, NameToken)
    return added


def vacuum_analyze(*models: type[models.Model]) -> None:
    """After a seed: the planner learns the tables' sizes, and index-only scans see all-visible
    pages. VACUUM cannot run inside a transaction (tests, atomic callers): ANALYZE alone then.
    Raw SQL: Django has no maintenance commands."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(
                sql.SQL("{} {}").format(sql.SQL(command), sql.Identifier(model._meta.db_table))
            )


def bulk_load_session() -> None:
    """Settings for one seeding transaction (SET LOCAL: they end with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # faster index rebuilds
        # Check foreign keys row by row: deferred checks would pile up and block CREATE INDEX.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _rebuilt_indexes() -> list[models.Index]:
    return [index for index in Profile._meta.indexes if index.name in REBUILT_INDEXES]


def _restore_indexes() -> None:
    """Recreate the dropped indexes exactly as the model declares them."""
    with connection.schema_editor(atomic=False) as editor:
        for index in _rebuilt_indexes():
            editor.add_index(Profile, index)


@transaction.atomic
def members_delete_synthetic(*, progress: Progress | None = None) -> int:
    """Delete every synthetic member (and only them): tags, addresses, profiles, users."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_profile WHERE is_synthetic")
        total = cursor.fetchone()[0]
        if progress:
            progress(0, total)
        cursor.execute(
            "DELETE FROM members_taggedskill "
            "WHERE content_object_id IN (SELECT id FROM members_profile WHERE is_synthetic)"
        )
        cursor.execute(
            "CREATE TEMP TABLE synthetic_users ON COMMIT DROP AS "
            "SELECT user_id FROM members_profile WHERE is_synthetic"
        )
        # Profiles before addresses: deleting addresses touches their profiles (visibility
        # triggers, migration 0006), and there are none left to touch.
        cursor.execute("DELETE FROM members_profile WHERE is_synthetic")
        cursor.execute(
            "DELETE FROM account_emailaddress "
            "WHERE user_id IN (SELECT user_id FROM synthetic_users)"
        )
        cursor.execute("DELETE FROM members_user WHERE id IN (SELECT user_id FROM synthetic_users)")
    refresh_name_tokens()
    if progress:
        progress(total, total)
    return total


def progress_bar(stdout, verb: str) -> Progress:
    """A one-line text progress bar for a management command, redrawn in place on a terminal."""
    width, started = 30, time.monotonic()
    end = "\r" if stdout.isatty() else "\n"

    def report(done: int, total: int) -> None:
        share = done / total if total else 1.0
        bar = "#" * int(share * width)
        elapsed = time.monotonic() - started
        stdout.write(
            f"{verb} [{bar:<{width}}] {share:6.1%} {done:,}/{total:,} {elapsed:6.1f} s",
            ending=end if done < total else "\n",
        )
        stdout.flush()

    return report

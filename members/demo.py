"""Demo members: six hand-written people in `members/demo_content/members.json` (profile
fields, `email`, `skills`), and `count` more drawn with a fixed seed from the lists in
`generated.json`. All listed and verified, none can sign in. `load()` is idempotent (members
are found by email); a staff account is made only when PMPORTAL_DEMO_STAFF_PASSWORD is set.
"""

import json
import os
import random
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from members.models import ProductDomain, Profile, RoleType, User
from members.seeding import refresh_name_tokens, skill_tags
from members.skills import PM_SKILLS

DEMO_DOMAIN = "demo.pmportal.example"
CONTENT = Path(__file__).with_name("demo_content")
SEED = 20261201


def _read(name: str):
    return json.loads(CONTENT.joinpath(name).read_text(encoding="utf-8"))


def generated_members(lists: dict, *, taken: set[str]) -> list[dict]:
    """`lists["count"]` members drawn from the lists, none with a name in `taken`."""
    rng = random.Random(SEED)  # noqa: S311  (demo data: the same people on every machine)
    bio, people = lists["bio"], []
    while len(people) < lists["count"]:
        name = f"{rng.choice(lists['first_names'])} {rng.choice(lists['last_names'])}"
        if name in taken:
            continue
        taken.add(name)
        years = rng.randint(1, 18)
        role = rng.choice(RoleType.values)
        city, country = rng.choice(lists["cities"])
        skills = rng.sample(PM_SKILLS, k=rng.randint(3, 6))
        mentoring = years >= 6 and rng.random() < 0.55
        looking = not mentoring and years <= 9 and rng.random() < 0.6
        words = {
            "area": rng.choice(lists["areas"][role]),
            "company": rng.choice(lists["companies"]),
            "city": city,
            "background": rng.choice(lists["backgrounds"]),
            "goal": rng.choice(lists["goals"]),
            "years_phrase": f"{years} year{'s' if years > 1 else ''}",
            **{
                f"skill{n}": lists["skill_words"].get(skill, skill)
                for n, skill in enumerate(skills, start=1)
            },
        }
        last_part = "mentor" if mentoring else "mentee" if looking else "other"
        parts = ("intro", "background", "week", last_part)
        title = [title for least, title in lists["titles"] if years >= least][-1]
        people.append(
            {
                "email": f"{slugify(name).replace('-', '.')}@{DEMO_DOMAIN}",
                "display_name": name,
                "headline": f"{title}, {words['area']}",
                "role": role,
                "domains": rng.sample(ProductDomain.values, k=rng.randint(1, 3)),
                "company": words["company"],
                "city": city,
                "country": country,
                "years_in_product": years,
                "skills": skills,
                "bio": " ".join(rng.choice(bio[part]).format(**words) for part in parts),
                "open_to_mentoring": mentoring,
                "looking_for_mentor": looking,
                "days_ago": rng.randint(1, 700),
            }
        )
    return people


def all_members() -> list[dict]:
    """The hand-written members, then the generated ones."""
    written = _read("members.json")
    taken = {person["display_name"] for person in written}
    return written + generated_members(_read("generated.json"), taken=taken)


def _create(people: list[dict]) -> None:
    """Accounts, verified addresses, listed profiles and skills, a bulk insert each; bulk
    inserts send no signals, so `skill_slugs` and the name dictionary are filled here."""
    now = timezone.now()
    tags = skill_tags(sorted({skill for person in people for skill in person["skills"]}))
    users = User.objects.bulk_create(
        User(
            email=person["email"],
            password=make_password(None),
            date_joined=now - timedelta(days=person.get("days_ago", 0)),
        )
        for person in people
    )
    profile_fields = {field.name for field in Profile._meta.concrete_fields} - {"skill_slugs"}
    profiles = Profile.objects.bulk_create(
        Profile(
            user=user,
            is_listed=True,
            skill_slugs=sorted({tags[skill].slug for skill in person["skills"]}),
            **{name: value for name, value in person.items() if name in profile_fields},
        )
        for user, person in zip(users, people, strict=True)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    through = Profile.skills.through
    through.objects.bulk_create(
        through(tag=tags[skill], **through.lookup_kwargs(profile))
        for profile, person in zip(profiles, people, strict=True)
        for skill in person["skills"]
    )
    refresh_name_tokens()


@transaction.atomic
def load() -> str:
    """Create the missing demo members (and the staff account when configured)."""
    people = all_members()
    emails = [person["email"] for person in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [person for person in people if person["email"] not in existing]
    if new:
        _create(new)
    summary = f"{len(people)} demo members ({len(new)} new)"
    password = os.environ.get("PMPORTAL_DEMO_STAFF_PASSWORD", "")
    if password:
        email = os.environ.get("PMPORTAL_DEMO_STAFF_EMAIL", f"staff@{DEMO_DOMAIN}")
        staff, _ = User.objects.get_or_create(email=email)
        EmailAddress.objects.update_or_create(
            user=staff, email=email, defaults={"verified": True, "primary": True}
        )
        staff.is_staff = True
        staff.set_password(password)
        staff.save(update_fields=["is_staff", "password"])
        summary += f"; staff account {email}"
    else:
        summary += "; no staff account (set PMPORTAL_DEMO_STAFF_PASSWORD to create one)"
    return summary

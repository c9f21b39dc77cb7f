"""Demo members: a few listed, verified people with complete profiles, written for this project.

Their profiles live in `members/demo_content/members.json` (profile fields, plus `email` and
`skills`). `load()` is idempotent: members are found by email and their profiles brought back to
that file. They cannot sign in (no usable password). A staff account is created only when
PMPORTAL_DEMO_STAFF_PASSWORD is set, so no password ever lives in the repository.
"""

import json
import os
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction

from members.models import Profile, User

DEMO_DOMAIN = "demo.pmportal.example"

MEMBERS = json.loads(
    Path(__file__).with_name("demo_content").joinpath("members.json").read_text(encoding="utf-8")
)


def _verified_user(email: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


@transaction.atomic
def load() -> str:
    """Create or refresh the demo members (and the staff account when configured)."""
    created = 0
    for data in MEMBERS:
        fields = dict(data)
        email, skills = fields.pop("email"), fields.pop("skills")
        user, new = _verified_user(email)
        created += new
        profile = Profile.objects.get(user=user)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.is_listed = True
        profile.save()  # a real save, so profile signals (directory name dictionary) run
        profile.skills.set(skills)

    summary = f"{len(MEMBERS)} demo members ({created} new)"
    password = os.environ.get("PMPORTAL_DEMO_STAFF_PASSWORD", "")
    if password:
        email = os.environ.get("PMPORTAL_DEMO_STAFF_EMAIL", f"staff@{DEMO_DOMAIN}")
        staff, _ = _verified_user(email)
        staff.is_staff = True
        staff.set_password(password)
        staff.save(update_fields=["is_staff", "password"])
        summary += f"; staff account {email}"
    else:
        summary += "; no staff account (set PMPORTAL_DEMO_STAFF_PASSWORD to create one)"
    return summary

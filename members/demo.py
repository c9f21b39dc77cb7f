"""Demo members: a few listed, verified people with complete profiles, written for this project.

`load()` is idempotent: members are found by email and their profiles brought back to the text
below. They cannot sign in (no usable password). A staff account is created only when
PMPORTAL_DEMO_STAFF_PASSWORD is set, so no password ever lives in the repository.
"""

import os

from allauth.account.models import EmailAddress
from django.db import transaction

from members.models import Profile, User

DEMO_DOMAIN = "demo.pmportal.example"

MEMBERS = [
    {
        "email": f"amara.okafor@{DEMO_DOMAIN}",
        "display_name": "Amara Okafor",
        "headline": "Group PM, payments APIs",
        "role": "platform",
        "domains": ["api", "enterprise"],
        "company": "Ledgerline",
        "city": "Lagos",
        "country": "NG",
        "years_in_product": 9,
        "skills": ["apis", "platform strategy", "developer experience", "pricing"],
        "bio": (
            "I look after the public payments API that a few thousand developers build on. "
            "Most of my week goes to **versioning decisions**, partner calls and reading "
            "support tickets so the docs answer tomorrow's question today.\n\n"
            "Happy to talk about:\n\n"
            "- deprecating an endpoint without losing trust\n"
            "- usage-based pricing for developer products"
        ),
        "linkedin_url": "https://www.linkedin.com/in/amara-okafor-demo/",
        "open_to_mentoring": True,
        "looking_for_mentor": False,
    },
    {
        "email": f"lukas.brenner@{DEMO_DOMAIN}",
        "display_name": "Lukas Brenner",
        "headline": "Growth PM, consumer subscriptions",
        "role": "growth",
        "domains": ["digital", "data"],
        "company": "Fernweh Travel",
        "city": "Munich",
        "country": "DE",
        "years_in_product": 5,
        "skills": ["growth", "experimentation", "a/b testing", "retention", "sql"],
        "bio": (
            "Former analyst who crossed over to product. I run the onboarding and paywall "
            "experiments for a travel-planning app and write up every test, including the "
            "ones that flopped. Looking for someone who has scaled a growth team past five "
            "squads."
        ),
        "linkedin_url": "https://www.linkedin.com/in/lukas-brenner-demo/",
        "open_to_mentoring": False,
        "looking_for_mentor": True,
    },
    {
        "email": f"mei.lin.tan@{DEMO_DOMAIN}",
        "display_name": "Mei Lin Tan",
        "headline": "Senior technical PM, ML platform",
        "role": "technical",
        "domains": ["ai", "data", "software"],
        "company": "Kestrel Analytics",
        "city": "Singapore",
        "country": "SG",
        "years_in_product": 11,
        "skills": ["machine learning", "data science", "roadmaps", "stakeholder management"],
        "bio": (
            "I help data scientists ship models to production without a six-week handover. "
            "Before product I spent four years as a backend engineer, which mostly taught me "
            "to ask *what happens when this fails at 3 a.m.?*"
        ),
        "linkedin_url": "https://www.linkedin.com/in/mei-lin-tan-demo/",
        "open_to_mentoring": True,
        "looking_for_mentor": False,
    },
    {
        "email": f"diego.alvarez@{DEMO_DOMAIN}",
        "display_name": "Diego Álvarez",
        "headline": "Product lead, B2B field-service SaaS",
        "role": "go_to_market",
        "domains": ["enterprise", "software", "startup"],
        "company": "Rutas",
        "city": "Mexico City",
        "country": "MX",
        "years_in_product": 7,
        "skills": ["go-to-market", "b2b saas", "sales enablement", "customer research"],
        "bio": (
            "First product hire at a 40-person startup that schedules technicians for "
            "utilities. I split my time between customer visits and the sales team, and I "
            "keep a public changelog because our customers actually read it."
        ),
        "linkedin_url": "https://www.linkedin.com/in/diego-alvarez-demo/",
        "open_to_mentoring": True,
        "looking_for_mentor": True,
    },
    {
        "email": f"hannah.reid@{DEMO_DOMAIN}",
        "display_name": "Hannah Reid",
        "headline": "Associate PM, accessibility and design systems",
        "role": "other",
        "domains": ["ux", "digital"],
        "company": "Northgate Bank",
        "city": "Edinburgh",
        "country": "GB",
        "years_in_product": 2,
        "skills": ["accessibility", "ux", "prototyping", "user interviews"],
        "bio": (
            "I moved from service design into product last year. Right now I own our design "
            "system's roadmap and the accessibility backlog for the mobile app. I would love "
            "a mentor who has grown from APM to PM in a regulated industry."
        ),
        "linkedin_url": "https://www.linkedin.com/in/hannah-reid-demo/",
        "open_to_mentoring": False,
        "looking_for_mentor": True,
    },
    {
        "email": f"arjun.mehta@{DEMO_DOMAIN}",
        "display_name": "Arjun Mehta",
        "headline": "Hardware PM, connected home devices",
        "role": "technical",
        "domains": ["hardware", "software"],
        "company": "Brightnest",
        "city": "Pune",
        "country": "IN",
        "years_in_product": 8,
        "skills": ["hardware", "supply chain", "launch planning", "prioritization"],
        "bio": (
            "Thermostats, sensors and the firmware that keeps them honest. Hardware "
            "roadmaps are set a year before anyone can touch the product, so I spend a lot "
            "of time on **prototyping** and on saying no early."
        ),
        "linkedin_url": "https://www.linkedin.com/in/arjun-mehta-demo/",
        "open_to_mentoring": True,
        "looking_for_mentor": False,
    },
]


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

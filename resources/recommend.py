"""Resources whose tags overlap the member's skills, domains and role: one GIN query
(`tag_slugs && interests`), ranked in Python (the catalogue is small)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from members.models import ProductDomain, Profile, RoleType, User
from resources.models import DownloadEvent, Resource

# Tag slugs that a domain or a role stands for (tags are editors' words, domains and roles are
# fixed choices).
DOMAIN_TAGS: dict[str, set[str]] = {
    ProductDomain.AI: {"ai", "machine-learning"},
    ProductDomain.API: {"apis", "developer-experience", "platform-strategy"},
    ProductDomain.DATA: {"analytics", "data-science", "metrics", "sql"},
    ProductDomain.DIGITAL: {"digital-transformation"},
    ProductDomain.ENTERPRISE: {"b2b-saas", "enterprise", "sales-enablement"},
    ProductDomain.HARDWARE: {"hardware", "supply-chain"},
    ProductDomain.SOFTWARE: {"software", "agile"},
    ProductDomain.STARTUP: {"startup", "product-market-fit"},
    ProductDomain.UX: {"ux", "design-thinking", "user-interviews"},
}
ROLE_TAGS: dict[str, set[str]] = {
    RoleType.TECHNICAL: {"technical", "apis", "developer-experience"},
    RoleType.GROWTH: {"growth", "experimentation", "retention", "product-led-growth"},
    RoleType.GO_TO_MARKET: {"go-to-market", "product-marketing", "launch-planning", "pricing"},
    RoleType.PLATFORM: {"platform-strategy", "apis"},
}
LIMIT = 4


@dataclass
class Recommendation:
    resource: Resource
    reason: str
    shared: list[str] = field(default_factory=list)


def interests_of(profile: Profile) -> dict[str, tuple[str, str]]:
    """Tag slug → (where the interest comes from: "skill", "domain" or "role", its label)."""
    interests: dict[str, tuple[str, str]] = {}
    for slug in ROLE_TAGS.get(profile.role, set()):
        interests[slug] = ("role", slug.replace("-", " "))
    for domain in profile.domains or []:
        label = ProductDomain(domain).label if domain in ProductDomain.values else domain
        for slug in DOMAIN_TAGS.get(domain, set()):
            interests[slug] = ("domain", label)
    for slug in profile.skill_slugs or []:
        interests[slug] = ("skill", slug.replace("-", " "))
    return interests


def reason_for(profile: Profile, shared: list[str], interests: dict[str, tuple[str, str]]) -> str:
    """ "Because you're a growth PM interested in pricing": the role when it matched, then the
    member's own skills and domains that matched, by name."""
    role_matched = any(interests[slug][0] == "role" for slug in shared)
    skills_first = sorted(shared, key=lambda slug: interests[slug][0] != "skill")
    labels = (interests[slug][1] for slug in skills_first if interests[slug][0] != "role")
    topics = list(dict.fromkeys(labels))[:2]  # each once
    if role_matched and profile.role in RoleType.values and profile.role != RoleType.OTHER:
        role = RoleType(profile.role).label.removesuffix(" PM")
        role = role if role.isupper() else role.lower()
        article = "an" if role[0].lower() in "aeiou" else "a"
        reason = f"Because you're {article} {role} PM"
        return f"{reason} interested in {' and '.join(topics)}" if topics else reason
    if topics:
        return f"Because you're interested in {' and '.join(topics)}"
    return "Popular with members like you"


def recommendations_for(
    user: User, *, exclude: Resource | None = None, limit: int = LIMIT
) -> list[Recommendation]:
    """Up to `limit` published resources for this member, best overlap first, leaving out what
    they already downloaded (and `exclude`, the page they are on)."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    interests = interests_of(profile)
    if not interests:
        return []
    candidates = (
        Resource.objects.published()
        .filter(tag_slugs__overlap=list(interests))
        .exclude(Exists(DownloadEvent.objects.filter(resource=OuterRef("pk"), member=user)))
        .only("id", "slug", "title", "kind", "summary", "access", "tag_slugs", "published_on",
              "updated_at", "cover")
    )  # fmt: skip
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return ranked(profile, candidates[:200], limit=limit, interests=interests)


def ranked(
    profile: Profile,
    candidates,
    *,
    limit: int = LIMIT,
    interests: dict[str, tuple[str, str]] | None = None,
) -> list[Recommendation]:
    """`candidates` that share a tag with the member's interests, best overlap first, newest
    on ties (the digest ranks a period's new resources with it)."""
    interests = interests_of(profile) if interests is None else interests
    scored = []
    for resource in candidates:
        shared = [slug for slug in resource.tag_slugs if slug in interests]
        if not shared:
            continue
        # Skills count double: a member chose them, roles and domains are broad.
        score = sum(2 if interests[slug][0] == "skill" else 1 for slug in shared)
        scored.append((score, resource.published_on, resource.pk, resource, shared))
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    return [
        Recommendation(resource, reason_for(profile, shared, interests), shared)
        for _, _, _, resource, shared in scored[:limit]
    ]

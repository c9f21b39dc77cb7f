"""Synthetic members for development and the directory benchmark (`manage.py seed_members`).

Rows go in with PostgreSQL COPY, which is what makes 500,000 members fit in a few minutes on two
cores. Every synthetic member is derived from `(seed, index)` alone, so a top-up to a larger
count adds exactly the members a fresh seed would have had, and two machines with the same seed
hold the same directory. Synthetic accounts are marked `Profile.is_synthetic`, have addresses
under the reserved `.invalid` domain and an unusable password: nobody can sign in as one, and
`members_delete_synthetic` never touches a real member.
"""

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

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

# Names: (weight of the culture, first names, last names). Within a culture the first entries are
# the most common (Zipf-like draw), and made-up surnames from syllables give a long tail.
CULTURES: list[tuple[int, list[str], list[str]]] = [
    (18, ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
          "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
          "Thomas", "Sarah", "Charles", "Karen", "Emily", "Daniel", "Megan", "Ryan", "Olivia",
          "Ethan", "Hannah", "Tyler", "Abigail", "Nathan"],
     ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
      "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
      "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
      "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner"]),
    (14, ["Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Deepika", "Arjun", "Kavya", "Rohan",
          "Sneha", "Aditya", "Pooja", "Karthik", "Divya", "Sanjay", "Meera", "Nikhil", "Ishita",
          "Varun", "Lakshmi", "Siddharth", "Neha"],
     ["Sharma", "Patel", "Gupta", "Reddy", "Iyer", "Nair", "Singh", "Kumar", "Rao", "Menon",
      "Chatterjee", "Banerjee", "Joshi", "Desai", "Mehta", "Pillai", "Agarwal", "Kapoor",
      "Krishnan", "Venkatesan", "Bhattacharya", "Mukherjee"]),
    (10, ["Wei", "Li", "Jing", "Hao", "Xiu", "Ming", "Yan", "Jun", "Lei", "Fang", "Chen", "Yu",
          "Hui", "Tao", "Ling", "Bo"],
     ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
      "Ma", "Zhu", "Hu", "Guo", "Lin", "He", "Gao", "Luo"]),
    (9, ["Sofia", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucia", "Javier",
         "Isabella", "Alejandro", "Gabriela", "Carlos", "Mariana", "Andres", "Paula", "Luis",
         "Ximena", "Fernando"],
     ["Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez",
      "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Morales", "Ortiz", "Castillo",
      "Vargas", "Romero", "Herrera"]),
    (8, ["Lukas", "Anna", "Felix", "Lena", "Jonas", "Marie", "Leon", "Hannah", "Paul", "Laura",
         "Maximilian", "Sophie", "Niklas", "Katharina", "Tobias", "Julia"],
     ["Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
      "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz",
      "Zimmermann", "Braun"]),
    (7, ["Louis", "Chloe", "Hugo", "Camille", "Arthur", "Manon", "Jules", "Ines", "Antoine",
         "Margaux", "Theo", "Juliette", "Mathis", "Elodie"],
     ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
      "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Fournier", "Girard"]),
    (7, ["Chinedu", "Amara", "Tunde", "Ngozi", "Kwame", "Ama", "Emeka", "Adaeze", "Kofi",
         "Abena", "Oluwaseun", "Zainab", "Ifeanyi", "Funmilayo", "Babajide", "Yetunde"],
     ["Okafor", "Adeyemi", "Mensah", "Okonkwo", "Boateng", "Nwosu", "Balogun", "Asante",
      "Eze", "Owusu", "Adebayo", "Okoro", "Afolabi", "Appiah", "Obi", "Oyelaran"]),
    (6, ["Hiroshi", "Yuki", "Takumi", "Sakura", "Kenji", "Aiko", "Haruto", "Mei", "Sota",
         "Yui", "Ren", "Hina"],
     ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
      "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto"]),
    (6, ["Mohammed", "Fatima", "Omar", "Layla", "Ahmed", "Noor", "Yusuf", "Mariam", "Khalid",
         "Aisha", "Hassan", "Salma", "Tariq", "Yasmin"],
     ["Hassan", "Ali", "Ibrahim", "Mahmoud", "Khalil", "Haddad", "Nasser", "Saleh", "Aziz",
      "Farouk", "Mansour", "Rahman", "Karimi", "Hosseini"]),
    (5, ["Minjun", "Seoyeon", "Jiho", "Hayoon", "Doyun", "Jiwoo", "Eunji", "Hyunwoo"],
     ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]),
    (5, ["Joao", "Ana", "Pedro", "Beatriz", "Rafael", "Larissa", "Gustavo", "Leticia",
         "Thiago", "Fernanda"],
     ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira",
      "Ribeiro", "Carvalho", "Araujo", "Barbosa"]),
    (5, ["Ivan", "Olga", "Dmitri", "Natalia", "Piotr", "Agnieszka", "Andrei", "Katarzyna",
         "Marek", "Elena", "Tomasz", "Irina"],
     ["Ivanov", "Kowalski", "Nowak", "Petrov", "Wisniewski", "Popescu", "Novak", "Horvat",
      "Smirnov", "Lewandowski", "Kovacs", "Dvorak"]),
    (4, ["Lars", "Ingrid", "Erik", "Astrid", "Mikael", "Freja", "Henrik", "Sigrid", "Anders",
         "Maja"],
     ["Hansen", "Johansson", "Nielsen", "Larsen", "Andersson", "Eriksson", "Lindqvist",
      "Berg", "Virtanen", "Korhonen"]),
    (4, ["Minh", "Linh", "Anh", "Thanh", "Siti", "Budi", "Putri", "Jose", "Maria", "Angelo",
         "Nguyet", "Arif"],
     ["Nguyen", "Tran", "Le", "Pham", "Santoso", "Wijaya", "Reyes", "Cruz", "Bautista",
      "Hidayat", "Vo", "Dang"]),
]  # fmt: skip
SYLLABLES = [
    "ka", "lo", "mi", "ren", "sa", "to", "vi", "dan", "el", "ru", "no", "ba", "shi", "tar",
    "ven", "zu", "mar", "ko", "li", "an", "or", "pe", "qui", "sel", "thu", "wen", "ya", "bel",
    "dor", "fin", "gar", "hal", "ist", "jor", "kel", "lun", "mor", "nes", "ost", "pra",
]  # fmt: skip

TITLES = [
    ("Associate Product Manager", 1), ("Product Manager", 3), ("Product Owner", 3),
    ("Senior Product Manager", 6), ("Technical Product Manager", 5), ("Growth Product Manager", 4),
    ("Platform Product Manager", 5), ("Lead Product Manager", 8), ("Group Product Manager", 10),
    ("Principal Product Manager", 11), ("Director of Product", 12), ("Head of Product", 12),
    ("VP of Product", 15), ("Chief Product Officer", 18), ("Product Marketing Manager", 4),
    ("Product Operations Manager", 5),
]  # fmt: skip
FOCUS = [
    "payments", "checkout", "search", "onboarding", "mobile apps", "developer tools",
    "data platform", "machine learning", "billing", "marketplace", "identity", "analytics",
    "logistics", "healthcare", "learning", "messaging", "security", "pricing", "growth",
    "integrations", "recommendations", "hardware", "supply chain", "CRM", "ads",
]  # fmt: skip
COMPANY_HEADS = [
    "Blue", "Nova", "Quantum", "Bright", "Red", "Silver", "Green", "North", "Open", "Swift",
    "Clear", "Iron", "Lumen", "Apex", "Cedar", "Coral", "Delta", "Echo", "Field", "Granite",
    "Harbor", "Indigo", "Juniper", "Kite", "Lattice", "Maple", "Nimbus", "Orbit", "Pine",
    "Prism", "Quartz", "River", "Summit", "Tidal", "Umber", "Vector", "Willow", "Zenith",
    "Atlas", "Beacon", "Cobalt", "Dune", "Ember", "Falcon", "Glacier", "Helix", "Ion", "Jade",
    "Keystone", "Lynx", "Meridian", "Nomad", "Onyx", "Pioneer", "Radiant", "Sable", "Terra",
    "Upland", "Vivid", "Wave", "Yonder", "Zephyr", "Amber", "Birch", "Comet", "Drift",
    "Everest", "Fjord", "Grove", "Horizon", "Isle", "Jet", "Kestrel", "Lagoon", "Mosaic",
    "Nectar", "Oasis", "Pulse", "Relay", "Sequoia",
]  # fmt: skip
COMPANY_TAILS = [
    "Labs", "Systems", "Health", "Pay", "Analytics", "Works", "Cloud", "Bank", "Logistics",
    "Robotics", "Learning", "Media", "Software", "Energy", "Foods", "Mobility", "Security",
    "Data", "AI", "Commerce", "Insurance", "Games", "Travel", "Networks", "Devices",
    "Studios", "Capital", "Bio", "Retail", "Telecom", "Markets", "Apps", "Motors", "Space",
    "Connect", "Hub", "Stack", "Grid", "Forge", "Path", "Signal", "Ledger", "Care", "Home",
    "Farm", "Fleet", "Gear", "Loop", "Metrics", "Ops", "Pilot", "Scale", "Shift", "Tech",
    "Ventures", "Wireless", "Payments", "Platforms", "Solutions", "Group", "Digital",
    "Interactive", "Industries", "Partners", "Dynamics", "Collective", "Exchange", "Studio",
    "Vision", "Works Co",
]  # fmt: skip
CITIES: list[tuple[str, str, int]] = [
    ("San Francisco", "US", 30), ("New York", "US", 30), ("Seattle", "US", 18),
    ("Austin", "US", 12), ("Boston", "US", 10), ("Chicago", "US", 9), ("Denver", "US", 5),
    ("London", "GB", 25), ("Manchester", "GB", 5), ("Edinburgh", "GB", 3),
    ("Bangalore", "IN", 28), ("Hyderabad", "IN", 12), ("Pune", "IN", 9), ("Mumbai", "IN", 10),
    ("Delhi", "IN", 8), ("Chennai", "IN", 6), ("Berlin", "DE", 14), ("Munich", "DE", 6),
    ("Hamburg", "DE", 4), ("Paris", "FR", 12), ("Lyon", "FR", 3), ("Toronto", "CA", 12),
    ("Vancouver", "CA", 6), ("Montreal", "CA", 4), ("Sydney", "AU", 9), ("Melbourne", "AU", 7),
    ("Singapore", "SG", 10), ("Tokyo", "JP", 9), ("Osaka", "JP", 3), ("Seoul", "KR", 7),
    ("Shanghai", "CN", 8), ("Shenzhen", "CN", 6), ("Beijing", "CN", 6), ("Sao Paulo", "BR", 9),
    ("Rio de Janeiro", "BR", 3), ("Mexico City", "MX", 7), ("Guadalajara", "MX", 3),
    ("Buenos Aires", "AR", 5), ("Bogota", "CO", 4), ("Santiago", "CL", 3), ("Lima", "PE", 2),
    ("Madrid", "ES", 6), ("Barcelona", "ES", 6), ("Lisbon", "PT", 5), ("Amsterdam", "NL", 8),
    ("Rotterdam", "NL", 2), ("Stockholm", "SE", 5), ("Copenhagen", "DK", 4), ("Oslo", "NO", 3),
    ("Helsinki", "FI", 3), ("Warsaw", "PL", 5), ("Krakow", "PL", 3), ("Prague", "CZ", 3),
    ("Bucharest", "RO", 3), ("Zurich", "CH", 4), ("Dublin", "IE", 6), ("Tel Aviv", "IL", 6),
    ("Dubai", "AE", 6), ("Cairo", "EG", 3), ("Lagos", "NG", 7), ("Nairobi", "KE", 5),
    ("Accra", "GH", 3), ("Cape Town", "ZA", 4), ("Johannesburg", "ZA", 4),
    ("Jakarta", "ID", 5), ("Manila", "PH", 5), ("Ho Chi Minh City", "VN", 4),
    ("Bangkok", "TH", 3), ("Kuala Lumpur", "MY", 3), ("Auckland", "NZ", 2),
    ("Istanbul", "TR", 4), ("Vienna", "AT", 3),
]  # fmt: skip

BIO_OPENERS = [
    "I have spent {years} building {focus} products, lately as {title_lower} at {company}.",
    "Product person with {years} in {domain}, currently leading {focus} at {company}.",
    "I turn messy customer problems into shipped {focus} features; {years} in product.",
    "Former {former} who moved into product {years} ago and never looked back.",
    "At {company} I own the {focus} roadmap and the team's quarterly goals.",
]  # fmt: skip
BIO_MIDDLES = [
    "My favourite part of the job is {skill1}, closely followed by {skill2}.",
    "I care most about {skill1} and {skill2}, and I write about both now and then.",
    "Teams I work with say I bring clarity on {skill1} and calm during launches.",
    "Lately I have been digging into {skill1}, {skill2} and how they shape {domain} products.",
    "I learned {skill1} the hard way, through two launches that did not go to plan.",
]  # fmt: skip
BIO_CLOSERS = [
    "Based in {city}; happy to chat about {skill3} over coffee or a call.",
    "Outside work I run, read history and mentor at a local bootcamp in {city}.",
    "Ask me about {skill3}, remote teams, or the best food in {city}.",
    "I believe good products come from listening more than talking.",
    "Currently exploring how AI changes {focus} and what that means for product teams.",
]  # fmt: skip
FORMER_ROLES = ["software engineer", "designer", "consultant", "data analyst", "marketer",
                "founder", "support lead", "sales engineer"]  # fmt: skip

ROLE_WEIGHTS = [
    (RoleType.TECHNICAL, 30), (RoleType.GROWTH, 20), (RoleType.GO_TO_MARKET, 18),
    (RoleType.PLATFORM, 17), (RoleType.OTHER, 15),
]  # fmt: skip
DOMAIN_LABELS = dict(ProductDomain.choices)


@dataclass(frozen=True)
class _Vocabulary:
    """Everything the generator draws from, prepared once per run."""

    cultures: list[tuple[list[str], list[str]]]
    culture_cum: list[float]
    companies: list[str]
    company_cum: list[float]
    city_cum: list[float]
    skill_cum: list[float]
    tag_ids: dict[str, int]
    tag_slugs: dict[str, str]


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**s
        out.append(total)
    return out


def _vocabulary(tags: dict[str, Skill]) -> _Vocabulary:
    cum, total = [], 0
    for weight, _, _ in CULTURES:
        total += weight
        cum.append(total)
    companies = [f"{head} {tail}" for tail in COMPANY_TAILS for head in COMPANY_HEADS]
    # Shuffle with a fixed seed so the popular companies are not all "... Labs".
    random.Random(7).shuffle(companies)  # noqa: S311 (synthetic data, not security)
    city_cum, total = [], 0
    for _, _, weight in CITIES:
        total += weight
        city_cum.append(total)
    return _Vocabulary(
        cultures=[(first, last) for _, first, last in CULTURES],
        culture_cum=cum,
        companies=companies,
        company_cum=_zipf_cum(len(companies), 0.8),
        city_cum=city_cum,
        skill_cum=_zipf_cum(len(PM_SKILLS), 0.6),
        tag_ids={name: tag.pk for name, tag in tags.items()},
        tag_slugs={name: tag.slug for name, tag in tags.items()},
    )


def _invented_surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _name(rng: random.Random, vocab: _Vocabulary) -> str:
    first_names, last_names = rng.choices(vocab.cultures, cum_weights=vocab.culture_cum)[0]
    first = first_names[min(int(rng.paretovariate(1.2)) - 1, len(first_names) - 1)]
    if rng.random() < 0.25:
        last = _invented_surname(rng)
    else:
        last = last_names[min(int(rng.paretovariate(1.1)) - 1, len(last_names) - 1)]
    return f"{first} {last}"


@dataclass
class SyntheticMember:
    index: int
    email: str
    joined: dt.datetime
    profile: dict
    skills: list[str]


def synthetic_member(index: int, *, seed: int, vocab: _Vocabulary) -> SyntheticMember:
    """The member number `index` of the synthetic population for `seed` (pure function)."""
    rng = random.Random(seed * 10_000_019 + index)  # noqa: S311 (synthetic data)
    name = _name(rng, vocab)
    title, min_years = rng.choice(TITLES)
    years = min(40, min_years + int(rng.expovariate(0.35)))
    company = rng.choices(vocab.companies, cum_weights=vocab.company_cum)[0]
    city, country, _ = rng.choices(CITIES, cum_weights=vocab.city_cum)[0]
    focus = rng.choice(FOCUS)
    role = rng.choices([r for r, _ in ROLE_WEIGHTS], weights=[w for _, w in ROLE_WEIGHTS])[0]
    domains = sorted(set(rng.choices(list(DOMAIN_LABELS), k=rng.randint(1, 3))))
    skill_count = rng.randint(3, 8)
    skills: list[str] = []
    while len(skills) < skill_count:
        skill = rng.choices(PM_SKILLS, cum_weights=vocab.skill_cum)[0]
        if skill not in skills:
            skills.append(skill)
    headline = f"{title} at {company}" if rng.random() < 0.6 else f"{title} · {focus} · {city}"
    words = {
        "years": ngettext("%d year", "%d years", years) % years,  # an associate PM may have 1
        "focus": focus,
        "title_lower": title.lower(),
        "company": company,
        "domain": DOMAIN_LABELS[domains[0]].lower(),
        "former": rng.choice(FORMER_ROLES),
        "skill1": skills[0],
        "skill2": skills[1],
        "skill3": skills[2],
        "city": city,
    }
    middle, second = rng.sample(BIO_MIDDLES, 2)
    words_later = {**words, "skill1": skills[-1], "skill2": skills[-2]}
    bio = " ".join(
        [
            rng.choice(BIO_OPENERS).format(**words),
            middle.format(**words),
            second.format(**words_later),
            rng.choice(BIO_CLOSERS).format(**words),
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
        index=index,
        email=f"member{index}@{SYNTHETIC_EMAIL_DOMAIN}",
        joined=joined,
        profile=profile,
        skills=skills,
    )


def _copy_columns(model: type[models.Model], given: list[str]) -> tuple[list, list]:
    """Columns to COPY: the given ones, plus every other non-generated column at its default.

    Other apps may add columns to these tables; filling them from the model's defaults keeps
    this loader working without knowing about them.
    """
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
    """COPY rows (the values of `given`, in order) into the model's table."""
    columns, defaults = _copy_columns(model, given)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, *defaults))


def _skill_tags() -> dict[str, Skill]:
    tags = {}
    for name in PM_SKILLS:
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
            FROM members_profile,
                 unnest(tsvector_to_array(to_tsvector('simple', display_name))) AS word
            WHERE length(word) <= 100
            GROUP BY word
            """
        )
        return cursor.rowcount


@transaction.atomic
def _seed_rows(*, count: int, seed: int, progress: Progress | None) -> int:
    """Users, verified primary email addresses, profiles and skill tags, COPYed in chunks.

    For big batches the search indexes are rebuilt once at the end; then the name-token
    dictionary is refreshed.
    """
    existing = Profile.objects.synthetic().count()
    to_add = max(0, count - existing)
    if progress:
        progress(0, to_add)
    if not to_add:
        return 0
    vocab = _vocabulary(_skill_tags())
    rebuild = to_add > REBUILD_INDEXES_ABOVE
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Check foreign keys row by row: deferred checks would pile up and block CREATE INDEX.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if rebuild:
            cursor.execute(
                sql.SQL("DROP INDEX IF EXISTS {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, REBUILT_INDEXES))
                )
            )
    user_id = reserve_ids(User, to_add)
    profile_id = reserve_ids(Profile, to_add)
    email_id = reserve_ids(EmailAddress, to_add)
    done = 0
    for start in range(existing, existing + to_add, CHUNK):
        members = [
            synthetic_member(i, seed=seed, vocab=vocab)
            for i in range(start, min(start + CHUNK, existing + to_add))
        ]
        offset = done
        copy_rows(
            User,
            ["id", "email", "password", "is_active", "date_joined"],
            ((user_id + offset + n, m.email, "!", True, m.joined) for n, m in enumerate(members)),
        )
        copy_rows(
            EmailAddress,
            ["id", "user_id", "email", "verified", "primary"],
            (
                (email_id + offset + n, user_id + offset + n, m.email, True, True)
                for n, m in enumerate(members)
            ),
        )
        profile_fields = list(members[0].profile)
        copy_rows(
            Profile,
            ["id", "user_id", *profile_fields],
            (
                (profile_id + offset + n, user_id + offset + n, *m.profile.values())
                for n, m in enumerate(members)
            ),
        )
        copy_rows(
            TaggedSkill,
            ["content_object_id", "tag_id"],
            (
                (profile_id + offset + n, vocab.tag_ids[skill])
                for n, m in enumerate(members)
                for skill in m.skills
            ),
        )
        done += len(members)
        if progress:
            progress(done, to_add)
    if rebuild:
        _restore_indexes()
    refresh_name_tokens()
    logger.info("seeded synthetic members", extra={"added": to_add, "seed": seed})
    return to_add


def members_seed(*, count: int, seed: int = DEFAULT_SEED, progress: Progress | None = None) -> int:
    """Make sure `count` synthetic members exist (top-up; idempotent). Returns how many were added.

    After the rows are committed the tables are vacuumed and analysed: freshly COPYed pages are
    not yet marked all-visible, and the planner then spent 15-30 ms planning each directory
    query (probing index ends through 500,000 unchecked tuples) instead of under 1 ms.
    """
    added = _seed_rows(count=count, seed=seed, progress=progress)
    if added:
        _vacuum_analyze()
    return added


def _vacuum_analyze() -> None:
    # VACUUM cannot run inside a transaction (tests, atomic callers): ANALYZE alone then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (User, EmailAddress, Profile, TaggedSkill, NameToken):
            cursor.execute(
                sql.SQL("{} {}").format(sql.SQL(command), sql.Identifier(model._meta.db_table))
            )


def _restore_indexes() -> None:
    """Recreate the dropped indexes exactly as the model declares them."""
    with connection.schema_editor(atomic=False) as editor:
        for index in Profile._meta.indexes:
            if index.name in REBUILT_INDEXES:
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

"""The XSS corpus and a parser that finds executable constructs in a page."""

import json
from html.parser import HTMLParser

from faq.models import HelpfulVote, SearchLog, SubmittedQuestion
from tests.factories import FaqCategoryFactory, FaqQuestionFactory, MemberFactory, ResourceFactory

CANARY = "__pmxss"

# Each payload, if it ever ran, would call alert() or set window.__pmxss.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<script>window.__pmxss=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script/src=data:,alert(1)></script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__pmxss=1">',
    '<IMG SRC="javascript:alert(1);">',
    "<img src=`x` onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="//evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<x onclick=alert(1)>click",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '[x](https://example.org" onclick="alert(1))',
    '<http://example.org/"onmouseover="alert(1)>',
    "[a](<javascript:alert(1)>)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "{{ 7*7 }}{% debug %}",
    "${alert(1)}",
    "javascript:alert(1)",
    '"onmouseover="alert(1)',
    "'onmouseover='alert(1)",
    "\u2028\u2029<script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)--><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
]

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster"}
STRIPPED_IN_URLS = dict.fromkeys(map(ord, "\t\n\r"))
OWN_SCRIPTS = ("/static/", "/admin/jsi18n/")  # files we serve, never built from data
BANNED_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class ExecutableFinder(HTMLParser):
    """Collects every construct a browser would run: scripts that are not our static files or
    JSON data blocks, event handler attributes, script URLs, banned embedding tags, refreshes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "script":
            self._script = {"attrs": attributes, "text": ""}
        if tag in BANNED_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            # As a browser reads a URL (WHATWG): tabs and newlines anywhere are dropped, control
            # characters and spaces only at the ends ("java  script:" is a relative path).
            cleaned = value.translate(STRIPPED_IN_URLS).strip("".join(map(chr, range(33))))
            cleaned = cleaned.lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script["attrs"], self._script["text"]
        self._script = None
        if attrs.get("src", "").startswith(OWN_SCRIPTS) and not text.strip():
            return
        if attrs.get("type") in {"application/ld+json", "application/json"}:
            try:
                json.loads(text)
                return
            except ValueError:
                pass
        self.found.append(f"<script {attrs}>{text[:60]}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)


def executable_constructs(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def plant(world) -> dict[str, list[str]]:
    """Every payload in every free-text field a member, a visitor or staff can fill.
    Returns the pages that show them, per role."""
    from notifications.models import Notification
    from notifications.views import PAGE_SIZE
    from resources.models import Series

    category = FaqCategoryFactory(
        name=PAYLOADS[0][:100], slug="xss-category", description=PAYLOADS[9][:300]
    )
    handles = []
    for number, payload in enumerate(PAYLOADS):
        member = MemberFactory(
            email=f"xss{number}@example.org",
            listed=True,
            profile__display_name=f"Xss {payload}"[:100],
            profile__headline=payload[:140],
            profile__company=payload[:120],
            profile__city=payload[:100],
            profile__bio=f"Bio {payload}\n\n{payload}",
            profile__open_to_mentoring=True,
        )
        member.profile.skills.add(payload[:100])
        handles.append(member.profile.handle)
        question = FaqQuestionFactory(
            category=category,
            slug=f"xss-{number}",
            question=f"Q {payload}"[:255],
            answer=f"Answer {payload}\n\n{payload}",
            tags=[payload[:100]],
        )
        HelpfulVote.objects.create(question=question, helpful=False, comment=payload[:500])
        SubmittedQuestion.objects.create(
            name=payload[:100], email=f"asker{number}@example.org", question=payload
        )
        SearchLog.objects.create(query=payload[:200], results=0)
        Notification.objects.create(
            recipient=world.users["member"], kind=payload[:50], text=payload[:500], url="/faq/"
        )
        series = Series.objects.create(
            title=f"S {payload}"[:200], slug=f"xss-series-{number}", description=payload
        )
        ResourceFactory(
            slug=f"xss-{number}",
            authors=payload[:300],
            series=series,
            episode_number=1,
            title=f"R {payload}"[:200],
            summary=payload[:200],
            body=f"Body {payload}\n\n{payload}",
            access="public",
            tags=[payload[:100]],
        )
    # Every page of the member's notifications: each continues after the last of the one before.
    mine = Notification.objects.for_user(world.users["member"]).values_list("pk", flat=True)
    notification_pages = ["/notifications/"] + [
        f"/notifications/?before={pk}" for pk in list(mine)[PAGE_SIZE - 1 :: PAGE_SIZE]
    ]
    pages = {
        "visitor": ["/", "/faq/", "/resources/", "/sitemap.xml", "/resources/?series=xss-series-9"]
        + [f"/faq/xss-{n}/" for n in range(len(PAYLOADS))]
        + [f"/resources/xss-{n}/" for n in range(len(PAYLOADS))],
        "member": ["/members/", "/members/?sort=name", "/members/?sort=newest", "/members/me/"]
        + notification_pages
        + [f"/members/{handle}/" for handle in handles],
        "staff": [
            "/dashboard/",
            "/admin/members/user/",
            "/admin/faq/question/",
            "/admin/faq/submittedquestion/",
            "/admin/faq/helpfulvote/",
            "/admin/faq/searchlog/",
            "/admin/resources/resource/",
            "/admin/resources/series/",
            "/admin/faq/category/",
            "/admin/taggit/tag/",
            "/admin/notifications/notification/",
            "/admin/members/skill/",
        ],
    }
    return pages

"""Whether a request comes from software rather than a person: one answer for every app."""

import re

from crawlerdetect import CrawlerDetect

_crawlers = CrawlerDetect()  # its compiled patterns and its cache of answers are per process
# Mail security gateways open every link in a message before its reader does; crawlerdetect
# does not list these three, and each would otherwise count as a download.
MAIL_LINK_SCANNERS = re.compile(r"proofpoint|mimecast|safelinks", re.IGNORECASE)


def is_bot(user_agent: str) -> bool:
    """Crawlers, link previews, scripts and monitors; no User-Agent at all counts as a bot too,
    since every browser sends one."""
    user_agent = user_agent.strip()
    return (
        not user_agent
        or _crawlers.is_crawler(user_agent)
        or bool(MAIL_LINK_SCANNERS.search(user_agent))
    )

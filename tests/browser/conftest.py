"""Browser tests drive Debian's Chromium through pytest-playwright against Django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Headless Chromium says "HeadlessChrome" in its user agent, which the bot detector rightly
# does not count (pmportal/bots.py). These tests play a person: they present the desktop
# browser's user agent.
PERSON = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Safari/537.36"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The machine has no network beyond package registries: keep Chromium from trying.
        "args": ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "user_agent": PERSON}


@pytest.fixture
def narrow_page(browser, browser_context_args):
    """A phone-sized page (360 px wide)."""
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 360, "height": 780}}
    )
    page = context.new_page()
    yield page
    context.close()

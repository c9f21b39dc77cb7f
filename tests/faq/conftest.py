import pytest


@pytest.fixture
def demo_faq(db):
    """The demo FAQ content, exactly as `make run` loads it."""
    from faq import demo

    demo.load()
    return demo

"""The Nu checker helper reports what the checker finds, and never mistakes silence for a pass."""

import sys

import pytest

from tests.quality import CheckerFailed, html_errors

VALID = (
    '<!doctype html><html lang="en"><head><title>Fine</title></head><body><p>ok</p></body></html>'
)
BROKEN = VALID.replace("<p>ok</p>", "<p><div>unclosed</p>")


def test_a_known_error_is_reported_with_its_page_name():
    errors = html_errors({"fine": VALID, "broken": BROKEN})
    assert errors
    assert all(error.startswith("broken: line 1: ") for error in errors)
    assert any("Unclosed element “div”" in error for error in errors)


def test_a_valid_page_has_no_errors():
    assert html_errors({"fine": VALID}) == []


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["java", "-jar", "/nonexistent/vnu.jar"], id="jar missing"),
        pytest.param(["/nonexistent/checker"], id="no such program"),
        pytest.param(["true"], id="empty output"),
        pytest.param([sys.executable, "-c", "print('Exception in thread main')"], id="not json"),
        pytest.param(
            [sys.executable, "-c", "print('{\"messages\": []}'); raise SystemExit(3)"],
            id="crashed after printing",
        ),
        pytest.param(
            [sys.executable, "-c", 'print(\'{"messages": [{"type": "non-document-error"}]}\')'],
            id="could not read a page",
        ),
    ],
)
def test_a_checker_that_did_not_judge_the_pages_raises(command):
    with pytest.raises(CheckerFailed):
        html_errors({"broken": BROKEN}, command=command)

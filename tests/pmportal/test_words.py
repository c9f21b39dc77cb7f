"""One way to split a search query, used by the FAQ, the library and the member directory."""

import pytest

from pmportal.words import split_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Roadmap's & | !(OKR) 90\x00days", ["roadmap", "s", "okr", "90", "days"]),
        ("pri:* <-> 'x'", ["pri", "x"]),  # tsquery syntax is not words
        ("snake_case", ["snake", "case"]),
        ("Zoë Ångström", ["zoë", "ångström"]),  # accents kept unless asked
        ("", []),
    ],
)
def test_words_are_runs_of_letters_and_digits_in_lower_case(text, words):
    assert split_words(text) == words


def test_accents_go_only_when_asked():
    assert split_words("Zoë Ångström-Łukasz, São Paulo", drop_accents=True) == [
        "zoe",
        "angstrom",
        "łukasz",  # no decomposition in Unicode: PostgreSQL's unaccent maps it, one slip away
        "sao",
        "paulo",
    ]

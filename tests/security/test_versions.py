"""A known-vulnerable dependency fails the suite: installed versions and the pins both hold.

Raise a floor here when an advisory names a fixed release (docs/security.md, "Dependencies").
The floors are the releases reviewed for this project; anything older has published advisories
(Django's monthly security releases, allauth's MFA and rate-limit fixes, Pillow's decoder CVEs).
"""

import re
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MINIMUM = {
    "django": (6, 1, 3),
    "django-allauth": (65, 21, 1),
    "psycopg": (3, 3, 9),
    "nh3": (0, 3, 8),
    "pillow": (13, 0, 0),
}


def as_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_installed_version_is_not_older_than_the_reviewed_floor(package):
    assert as_tuple(version(package)) >= MINIMUM[package], f"{package} {version(package)}"


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_pins_are_not_older_than_the_reviewed_floor(package):
    """pyproject.toml and requirements.lock: a deploy installs what they say, not this venv."""
    for name in ("pyproject.toml", "requirements.lock"):
        text = (ROOT / name).read_text().lower()
        pins = re.findall(rf"^\s*\"?{re.escape(package)}(?:\[[^\]]*\])?==([0-9.]+)", text, re.M)
        assert pins, f"{package} is not pinned in {name}"
        for pin in pins:
            assert as_tuple(pin) >= MINIMUM[package], f"{name} pins {package}=={pin}"


def test_the_check_catches_an_old_pin():
    assert as_tuple("4.2.0") < MINIMUM["django"]

"""Which app may import which (docs/architecture.md draws the same table).

Every non-test, non-migration module of each of our apps is parsed, and each import it makes of
another of our apps, at module level or inside a function, is checked against `MAY_IMPORT`.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

# The project package holds helpers any app may use and imports no app itself (its URLconf
# mounts them by name, each app registers its own sitemap sections). `outbox` sends the mail of
# every app and knows none of them. `insights` reads the others; nothing imports it.
MAY_IMPORT = {
    "pmportal": set(),
    "outbox": {"pmportal"},
    "members": {"pmportal", "outbox"},
    "faq": {"members", "pmportal", "outbox"},
    "resources": {"members", "pmportal", "outbox"},
    # Feature apps tell members things through it; it knows none of them (kinds are registered).
    "notifications": {"members", "pmportal", "outbox"},
    "network": {"members", "notifications", "pmportal", "outbox"},
    "mentoring": {"members", "network", "notifications", "pmportal", "outbox"},
    "events": {"members", "notifications", "pmportal", "outbox"},
    "community": {"members", "faq", "network", "notifications", "pmportal", "outbox"},
    # Reads the others' tables for its sections; other apps add theirs in `<app>/digest.py`
    # without importing it.
    "digest": {
        "members",
        "faq",
        "resources",
        "network",
        "mentoring",
        "notifications",
        "pmportal",
        "outbox",
    },
    "insights": {
        "digest",
        "members",
        "faq",
        "resources",
        "notifications",
        "network",
        "mentoring",
        "events",
        "community",
        "pmportal",
        "outbox",
    },
}


def our_apps() -> dict[str, Path]:
    """The installed apps that are folders at the repository's root (flat apps)."""
    root = Path(settings.BASE_DIR).resolve()
    return {
        config.name: Path(config.path).resolve().relative_to(root)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
    }


def imported_modules(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def forbidden_imports() -> list[str]:
    root = Path(settings.BASE_DIR)
    ours = our_apps()
    found = []
    for app, folder in ours.items():
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            allowed = MAY_IMPORT[app] | {app}
            tree = ast.parse(path.read_text(), filename=str(relative))
            for module in sorted(imported_modules(tree)):
                target = module.split(".")[0]
                if target in ours and target not in allowed:
                    found.append(f"{relative} imports {module}")
    return found


def test_every_app_of_ours_has_a_rule():
    assert set(our_apps()) == set(MAY_IMPORT)


def test_no_app_imports_what_the_rules_forbid():
    assert forbidden_imports() == []

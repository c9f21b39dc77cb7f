"""Turn every URL pattern into a concrete URL for the security world (conftest.py)."""

import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

SPECIAL = {
    "account_confirm_email": lambda world: "/accounts/confirm-email/not-a-real-key/",
    "account_reset_password_from_key": lambda world: "/accounts/password/reset/key/1-bad-key/",
    "admin:app_list": lambda world: "/admin/faq/",
    "notifications:unsubscribe": lambda world: "/notifications/unsubscribe/not-a-signed-token/",
    "events:feed": lambda world: "/events/feed/not-a-feed-token.ics",
    "digest:unsubscribe": lambda world: "/digest/unsubscribe/not-a-signed-token/",
}


def _admin_model(name: str):
    """admin:faq_question_change → the Question model (the admin's own naming)."""
    for model in admin.site._registry:
        opts = model._meta
        if name.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
            return model
    return None


def _value(parameter: str, route: str, name: str, world) -> str:
    if parameter == "slug":
        if route.startswith("faq/"):
            return world.objects["question"].slug
        if route.startswith("events/"):
            return world.objects["event"].slug
        return world.objects["resource"].slug
    if parameter == "handle":
        return world.users["other"].profile.handle
    if parameter == "url":  # the admin's catch-all
        return "no-such-page/"
    if parameter in {"pk", "message"}:
        return "999999"
    if parameter == "id":
        return str(world.users["member"].pk)
    if parameter == "content_type_id":
        return str(ContentType.objects.get_for_model(world.objects["question"]).pk)
    if parameter == "object_id":
        if name == "admin:view_on_site":
            return str(world.objects["question"].pk)
        model = _admin_model(name.rstrip("_") if name != "admin:" else name)
        if model is None:
            model = _model_from_route(route)
        first = model._default_manager.order_by("pk").first() if model else None
        return str(first.pk) if first else "1"
    raise AssertionError(f"no value for <{parameter}> in {route} ({name})")


def _model_from_route(route: str):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model
    return None


def concrete(route: str, name: str, world) -> str:
    if name in SPECIAL:
        return SPECIAL[name](world)
    fill = lambda match: _value(match.group(1), route, name, world)  # noqa: E731
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, route).replace("^", "").replace("$", "")
    path = re.sub(r"<(?:\w+:)?(\w+)>", fill, path)
    assert "<" not in path and "(?P" not in path, f"cannot fill {route}"
    return "/" + path

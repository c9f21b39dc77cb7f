"""The Jinja2 environment for the templates in templates/jinja2/.

Jinja2 renders only the member directory's results and filters: the fragment every search and
every keystroke renders (twenty cards and ~35 filter options). It compiles templates to Python
functions, so that fragment costs ~0.4 ms instead of ~1.9 ms in Django's template language
(docs/performance.md). Every other page, and the page around that fragment, stays in Django
templates. Autoescaping is on (Django's backend default) and undefined names raise.
"""

from types import SimpleNamespace

import jinja2
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaulttags import querystring as querystring_tag
from django.urls import reverse


@jinja2.pass_context
def querystring(context, **changes) -> str:
    """Django's `{% querystring %}`: the request's query string with `changes` applied (None
    removes a key), starting with "?"."""
    return querystring_tag(SimpleNamespace(request=context["request"]), **changes)


def url(name: str, *args) -> str:
    """Django's `{% url %}`."""
    return reverse(name, args=args)


def environment(**options) -> jinja2.Environment:
    # Always escaping, whatever the settings say; and where Django's backend would render a
    # misspelt name as nothing (unless DEBUG), it fails loudly, in tests first.
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, **options)
    env.globals.update(querystring=querystring, url=url)
    env.filters.update(intcomma=intcomma)
    return env

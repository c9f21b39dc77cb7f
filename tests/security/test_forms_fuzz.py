"""Every form, fuzzed with hypothesis through its real URL: 200+ generated submissions each, valid
and invalid mixed (field-aware strategies in the spirit of hypothesis' `from_form`), never a 500."""

import pytest
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.forms import SubscriptionForm
from faq.forms import AskForm, HelpfulCommentForm, SearchForm
from insights.views import PeriodForm
from members.directory import DirectoryForm
from members.forms import DeleteAccountForm, ProfileForm
from resources.forms import ResourceFilterForm

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(["", " ", "'", "\\", "%", "\x00", "<script>", "x" * 3000, "0", "-1"])
TEXT = st.one_of(st.text(max_size=80), NASTY)


def field_values(field: forms.Field) -> st.SearchStrategy:
    """Values a browser (or an attacker) could send for `field`: valid ones and junk."""
    choices = [str(value) for value, _label in getattr(field, "choices", []) or [] if value != ""]
    if isinstance(field, forms.MultipleChoiceField) and choices:
        return st.lists(st.one_of(st.sampled_from(choices), TEXT), max_size=4)
    if isinstance(field, forms.ChoiceField) and choices:
        return st.one_of(st.sampled_from(choices), TEXT)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "0", "x"])
    if isinstance(field, forms.IntegerField):
        return st.one_of(st.integers(-(10**12), 10**12).map(str), TEXT)
    if isinstance(field, forms.EmailField):
        return st.one_of(st.emails().map(str), TEXT)
    if isinstance(field, forms.URLField):
        return st.one_of(st.just("https://www.linkedin.com/in/someone"), TEXT)
    return TEXT


def from_form(form_class, **kwargs) -> st.SearchStrategy:
    form = form_class(**kwargs)
    return st.fixed_dictionaries(
        {},
        optional={
            name: field_values(field)
            for name, field in form.fields.items()
            if not isinstance(field, forms.FileField)
        },
    )


# (form, URL, method, who submits it, extra constructor kwargs)
FORMS = [
    (SignupForm, "/accounts/signup/", "post", "visitor", {}),
    (LoginForm, "/accounts/login/", "post", "visitor", {}),
    (ResetPasswordForm, "/accounts/password/reset/", "post", "visitor", {}),
    (AskForm, "/faq/ask/", "post", "visitor", {}),
    (HelpfulCommentForm, "/faq/how-to-start/helpful/comment/", "post", "visitor", {}),
    (SearchForm, "/faq/search/", "get", "visitor", {}),
    (ResourceFilterForm, "/resources/", "get", "visitor", {"tag_choices": []}),
    (ProfileForm, "/members/me/", "post", "member", {}),
    (DeleteAccountForm, "/members/me/delete/", "post", "member", {"user": None}),
    (DirectoryForm, "/members/", "get", "member", {}),
    (PeriodForm, "/dashboard/", "get", "staff", {}),
    (SubscriptionForm, "/digest/", "post", "member", {}),
]


@pytest.mark.parametrize(("form_class", "url", "method", "role", "extra"), FORMS)
def test_no_submission_of_any_form_is_a_server_error(world, form_class, url, method, role, extra):
    try:
        strategy = from_form(form_class, **extra)
    except TypeError:
        strategy = from_form(form_class)
    client = world.client(role)

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=strategy)
    def submit(data):
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data)

    submit()

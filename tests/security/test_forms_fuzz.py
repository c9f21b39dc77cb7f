"""Every form, fuzzed with hypothesis through its real URL: 200+ generated submissions each, valid
and invalid mixed (field-aware strategies in the spirit of hypothesis' `from_form`), never a 500."""

import pytest
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.forms import AnswerForm as CommunityAnswerForm
from community.forms import AskForm as CommunityAskForm
from community.forms import ReportForm as CommunityReportForm
from digest.forms import SubscriptionForm
from events.forms import RsvpForm
from faq.forms import AskForm, HelpfulCommentForm, SearchForm
from insights.views import PeriodForm
from members.directory import DirectoryForm
from members.forms import DeleteAccountForm, ProfileForm
from mentoring import forms as mentoring
from mentoring.models import Mentorship
from network import forms as network
from network.models import Connection
from notifications.forms import PreferencesForm
from resources.forms import ResourceFilterForm
from tests.factories import MemberFactory
from tests.security.conftest import COMMUNITY_PK

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
PROFILE, MENTORSHIP = (lambda places: places["profile"]), (lambda places: places["mentorship"])
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
    (PreferencesForm, "/notifications/preferences/", "post", "member", {"user": None}),
    # {names} are filled from `places`; a callable argument is called with them.
    (network.AskForm, "/network/members/{other}/ask/", "post", "member", {"shared_skills": []}),
    (network.ReportForm, "/network/members/{other}/report/", "post", "member", {}),
    (network.SearchForm, "/network/", "get", "member", {}),
    (network.MessageForm, "/network/conversations/with/{other}/", "post", "member", {}),
    (network.CursorForm, "/network/conversations/with/{other}/", "get", "member", {}),
    (mentoring.SettingsForm, "/mentoring/settings/", "post", "member", {"instance": PROFILE}),
    (mentoring.AskForm, "/mentoring/ask/{mentor}/", "post", "member", {}),
    (mentoring.GoalForm, "/mentoring/{active}/", "post", "member", {"mentorship": MENTORSHIP}),
    (mentoring.NoteForm, "/mentoring/{active}/", "post", "member", {"mentorship": MENTORSHIP}),
    (mentoring.RatingForm, "/mentoring/{finished}/", "post", "member", {}),
    (RsvpForm, "/events/members-meetup/rsvp/", "post", "member", {}),
    (CommunityAskForm, "/community/ask/", "post", "member", {}),
    (CommunityAnswerForm, f"/community/{COMMUNITY_PK}/answer/", "post", "member", {}),
    (CommunityReportForm, f"/community/{COMMUNITY_PK}/report/", "post", "member", {}),
    (SubscriptionForm, "/digest/", "post", "member", {}),
]
# Sent with every submission of these forms: which of the page's forms it is.
ACTIONS = {
    mentoring.GoalForm: {"action": "goal"},
    mentoring.NoteForm: {"action": "note"},
    mentoring.RatingForm: {"action": "rate"},
}


@pytest.fixture
def places(world) -> dict:
    """What the network and mentoring forms need: "member" may ask (old enough, a profile),
    is connected with "other", mentored by a mentor with room, and rates a finished mentorship
    with "other"."""
    member, other = world.users["member"], world.users["other"]
    type(member).objects.filter(pk=member.pk).update(date_joined="2020-01-01T00:00Z")
    member.profile.headline = "Product manager"
    member.profile.save()
    low, high = sorted([member, other], key=lambda user: user.pk)
    Connection.objects.create(user_low=low, user_high=high)
    mentor = MemberFactory(listed=True, profile__display_name="Meg Mentor")
    mentor.profile.open_to_mentoring, mentor.profile.mentor_capacity = True, 5
    mentor.profile.save()
    active = Mentorship.objects.create(mentor=mentor, mentee=member)
    active.goals.create(text="Ship a pricing test")
    finished = Mentorship.objects.create(
        mentor=other, mentee=member, status="completed", ended_at="2026-01-01T00:00Z"
    )
    return {
        "other": other.profile.handle,
        "mentor": mentor.profile.handle,
        "active": active.pk,
        "finished": finished.pk,
        "mentorship": active,
        "profile": member.profile,
    }


@pytest.mark.parametrize(("form_class", "url", "method", "role", "extra"), FORMS)
def test_no_submission_of_any_form_is_a_server_error(
    world, places, form_class, url, method, role, extra
):
    extra = {name: value(places) if callable(value) else value for name, value in extra.items()}
    try:
        strategy = from_form(form_class, **extra)
    except TypeError:
        strategy = from_form(form_class)
    client, url, fixed = world.client(role), url.format(**places), ACTIONS.get(form_class, {})

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=strategy)
    def submit(data):
        response = getattr(client, method)(url, {**fixed, **data})
        assert response.status_code < 500, (url, data)

    submit()

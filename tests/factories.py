"""factory_boy factories for the whole suite."""

import datetime as dt

import factory
from django.utils import timezone

from members.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    password = factory.django.Password("correct horse battery staple")


class MemberFactory(UserFactory):
    """A member whose address is on record; `verified=True` confirms it, `listed=True` lists them.

    Profile fields can be passed as `profile__display_name="..."` etc.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def email_address(obj, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=obj._verified
            )

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if not create:
            return
        profile = obj.profile
        profile.is_listed = obj._listed
        if obj._listed and "display_name" not in kwargs:
            kwargs["display_name"] = f"Member {obj.pk}"
        for name, value in kwargs.items():
            setattr(profile, name, value)
        profile.save()

    @classmethod
    def _create(cls, model_class, *args, verified=True, listed=False, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user._verified, user._listed = verified, listed
        return user


class FaqCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "faq.Category"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class FaqQuestionFactory(factory.django.DjangoModelFactory):
    """A published FAQ question; pass `tags=[...]` to tag it."""

    class Meta:
        model = "faq.Question"
        skip_postgeneration_save = True

    category = factory.SubFactory(FaqCategoryFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "An answer with **Markdown**."
    status = "published"

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


def _small_pdf() -> bytes:
    from resources.demo import pdf_bytes

    return pdf_bytes("Test", [("One", "Text.")])


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, members-only eBook with a small valid PDF; `tags=[...]` tags it,
    `file=None` leaves it without a file."""

    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    kind = "ebook"
    title = factory.Sequence(lambda n: f"Resource number {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = "A short summary of what this resource covers."
    body = "What is inside, in **Markdown**."
    access = "members"
    status = "published"
    content_type = "application/pdf"
    file = factory.django.FileField(
        filename="upload.pdf",
        data=factory.LazyFunction(lambda: _small_pdf()),
    )
    file_size = factory.LazyAttribute(lambda obj: obj.file.size if obj.file else None)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class DownloadEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.DownloadEvent"

    resource = factory.SubFactory(ResourceFactory)
    member = factory.SubFactory(UserFactory)
    user_agent_class = "browser"


def add_totp(user) -> str:
    """Give `user` an authenticator app (allauth MFA TOTP); returns its secret for codes."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows right now for `secret`."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class StaffFactory(UserFactory):
    """Staff with an authenticator app, as the admin and the dashboard require
    (pmportal.middleware.StaffMfaMiddleware); `user.totp_secret` makes codes (`totp_code`)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create:
            add_totp(obj)


class EventFactory(factory.django.DjangoModelFactory):
    """An upcoming event, two hours long, in Berlin and online."""

    class Meta:
        model = "events.Event"

    title = "Members meet-up"
    slug = "members-meetup"
    description = "An evening of *short talks*."
    venue = "Kiezwerk"
    city = "Berlin"
    online_url = "https://meet.example.org/members-meetup"
    time_zone = "Europe/Berlin"
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=2))
    capacity = 20

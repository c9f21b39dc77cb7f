"""Sign-up, profile editing and account deletion forms."""

import io
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from taggit.forms import TagWidget

from members.models import ProductDomain, Profile, User
from pmportal.storage import delete_after_commit

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
AVATAR_SIZE = 512
AVATAR_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_SKILLS = 20
MAX_SKILL_LENGTH = 50
LINKEDIN_HOSTS = ("linkedin.com", "www.linkedin.com")
# Bidirectional controls: in a name they only make text read as something else
# ("\u202egpj.exe" shows as "exe.jpg").
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Member-written text for one line: no bidirectional controls, single spaces."""
    return " ".join(BIDI_CONTROLS.sub("", text).split())


class OneLineField(forms.CharField):
    def to_python(self, value) -> str:
        return one_line(super().to_python(value))


# The short texts members write for others to read (the bio is Markdown, in a block of its own).
ONE_LINE_FIELDS = dict.fromkeys(["display_name", "headline", "company", "city"], OneLineField)


def process_avatar(upload) -> ContentFile:
    """An uploaded image as a square JPEG of at most 512 px: re-encoding keeps only the pixels
    (no EXIF location, no payload in comments)."""
    if upload.size > AVATAR_MAX_BYTES:
        raise forms.ValidationError(
            "That image is %(size)s MB; please upload one of 2 MB or less.",
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in AVATAR_FORMATS:
                raise forms.ValidationError(
                    "Please upload a JPEG, PNG, GIF or WebP image.", code="format"
                )
            if probe.width * probe.height > AVATAR_MAX_PIXELS:
                raise forms.ValidationError(
                    "That image is too large in pixels; please upload a smaller one.",
                    code="too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = ImageOps.fit(image.convert("RGB"), (AVATAR_SIZE, AVATAR_SIZE))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(
            "That file is not an image we can read. Please upload a JPEG, PNG, GIF or WebP.",
            code="invalid_image",
        ) from None
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


def clean_linkedin_url(value: str) -> str:
    """Accept only a LinkedIn profile address; return it as https without query or fragment."""
    if not value:
        return ""
    parts = urlsplit(BIDI_CONTROLS.sub("", value).strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not (
        host in LINKEDIN_HOSTS or host.endswith(".linkedin.com")
    ):
        raise forms.ValidationError(
            "Enter the address of your LinkedIn profile, e.g. https://www.linkedin.com/in/your-name/.",
            code="not_linkedin",
        )
    if not parts.path.startswith(("/in/", "/pub/")) or len(parts.path) <= len("/in/"):
        raise forms.ValidationError(
            "That is a LinkedIn address but not a profile: it should contain /in/your-name/.",
            code="not_profile",
        )
    if parts.username or parts.password or parts.port:
        raise forms.ValidationError("Enter a plain LinkedIn profile address.", code="odd_url")
    return urlunsplit(("https", host, parts.path, "", ""))


class ProfileForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        label="Product domains",
        choices=ProductDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    years_in_product = forms.IntegerField(
        label="Years in product",
        min_value=0,
        max_value=60,
        required=False,
        # Text, not type=number: a rejected value like "seven" must render back validly.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    avatar = forms.FileField(
        label="Photo",
        required=False,
        help_text="JPEG, PNG, GIF or WebP, up to 2 MB. We crop it square and resize it.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label="Remove my photo", required=False)

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "role",
            "domains",
            "company",
            "city",
            "country",
            "years_in_product",
            "skills",
            "bio",
            "linkedin_url",
            "avatar",
            "open_to_mentoring",
            "looking_for_mentor",
            "is_listed",
        ]
        field_classes = ONE_LINE_FIELDS
        labels = {
            "display_name": "Name",
            "role": "Role type",
            "bio": "About you",
            "skills": "Skills",
            "open_to_mentoring": "I am open to mentoring other product managers",
            "looking_for_mentor": "I am looking for a mentor",
        }
        help_texts = {
            "display_name": "How other members see you, e.g. Priya Raman.",
            "headline": "One line, e.g. Senior PM, payments platform.",
            "skills": "Separate skills with commas, e.g. roadmaps, pricing, discovery.",
            "bio": "A few sentences. Markdown works: **bold**, _italic_, lists and links.",
            "is_listed": (
                "Other signed-in, verified members will see your name, photo, headline, role, "
                "domains, company, city, country, years in product, skills, about you, LinkedIn "
                "and mentoring choices. Never your email address."
            ),
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "skills": TagWidget(attrs={"list": "skill-suggestions", "autocomplete": "off"}),
            "linkedin_url": forms.URLInput(
                attrs={"placeholder": "https://www.linkedin.com/in/your-name/"}
            ),
            "bio": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self._old_avatar = self.instance.avatar.name if self.instance.avatar else ""
        self.fields["country"].choices = [
            ("", "Choose a country"),
            *self.fields["country"].choices[1:],
        ]
        self.fields["role"].choices = [("", "Choose one"), *list(self.fields["role"].choices)[1:]]

    def clean_linkedin_url(self) -> str:
        return clean_linkedin_url(self.cleaned_data.get("linkedin_url", ""))

    def clean_skills(self) -> list[str]:
        skills = self.cleaned_data.get("skills") or []
        cleaned = []
        for skill in skills:
            skill = one_line(skill).lower()
            if not skill:
                continue
            if len(skill) > MAX_SKILL_LENGTH:
                raise forms.ValidationError(
                    "Keep each skill under %(max)d characters.", params={"max": MAX_SKILL_LENGTH}
                )
            if skill not in cleaned:
                cleaned.append(skill)
        if len(cleaned) > MAX_SKILLS:
            raise forms.ValidationError(
                "Choose at most %(max)d skills (you entered %(count)d).",
                params={"max": MAX_SKILLS, "count": len(cleaned)},
            )
        return cleaned

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not isinstance(upload, UploadedFile):
            return None  # nothing uploaded (FileField hands back the current photo): keep it
        return process_avatar(upload)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_listed") and not (cleaned.get("display_name") or "").strip():
            self.add_error(
                "display_name", "Add your name before listing yourself in the directory."
            )
        return cleaned

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=False)
        if self.cleaned_data.get("remove_avatar") and not self.cleaned_data.get("avatar"):
            profile.avatar = ""
        if commit:
            profile.save()
            self.save_m2m()
            if self._old_avatar != profile.avatar.name:
                delete_after_commit(profile.avatar.storage, self._old_avatar)
        return profile


class ProfileAdminForm(forms.ModelForm):
    """The admin's profile form cleans the short texts as the member's own form does."""

    class Meta:
        field_classes = ONE_LINE_FIELDS


# Fields other apps add to the sign-up form, members importing none of them: (name, a function
# making the field, a function (user, cleaned value) run once the account exists). The digest's
# opt-in is one.
SIGNUP_EXTRAS: list[tuple[str, Callable[[], forms.Field], Callable[[User, Any], None]]] = []


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, answering a taken address as slowly as a new one: hashing a new
    account's password takes most of the request, so the time told who is a member."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, make_field, _ in SIGNUP_EXTRAS:
            self.fields[name] = make_field()

    def custom_signup(self, request, user) -> None:
        super().custom_signup(request, user)
        for name, _, signed_up in SIGNUP_EXTRAS:
            signed_up(user, self.cleaned_data.get(name))

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account, profile and photo will be deleted for good.",
        required=True,
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )

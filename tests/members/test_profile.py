"""My profile, public profiles and photos: editing, validation and who may see what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Profile
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Priya Raman",
    "headline": "Senior PM, payments platform",
    "role": "platform",
    "domains": ["api", "enterprise"],
    "company": "Ledgerly",
    "city": "Bengaluru",
    "country": "IN",
    "years_in_product": "7",
    "skills": "Roadmaps, pricing, API design",
    "bio": "I build **payments** platforms.",
    "linkedin_url": "https://www.linkedin.com/in/priya-raman/",
    "open_to_mentoring": "on",
    "is_listed": "on",
}


def image_file(name="me.png", size=(800, 600), fmt="PNG", color=(67, 56, 202)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def member(client):
    user = MemberFactory(email="priya@example.org")
    client.force_login(user)
    return user


def test_my_profile_needs_sign_in(client):
    response = client.get("/members/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/members/me/")


def test_my_profile_page_explains_the_directory_switch(client, member):
    response = client.get("/members/me/")
    body = response.content.decode()
    assert response["Cache-Control"].startswith("private, no-store")
    assert "list me in the member directory" in body.lower()
    assert "Never your email address" in body
    assert 'list="skill-suggestions"' in body and "<datalist" in body
    assert member.profile.is_listed is False  # off until the member chooses


def test_save_a_complete_profile(client, member):
    response = client.post("/members/me/", VALID)
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "Priya Raman"
    assert profile.domains == ["api", "enterprise"]
    assert profile.country.code == "IN"
    assert profile.years_in_product == 7
    assert sorted(t.name for t in profile.skills.all()) == ["api design", "pricing", "roadmaps"]
    assert profile.skill_slugs == ["api-design", "pricing", "roadmaps"]
    assert profile.is_listed and profile.open_to_mentoring and not profile.looking_for_mentor


BAD_INPUT = [
    ({"display_name": "x" * 101}, "display_name"),
    ({"headline": "x" * 141}, "headline"),
    ({"company": "x" * 121}, "company"),
    ({"city": "x" * 101}, "city"),
    ({"years_in_product": "seven"}, "years_in_product"),
    ({"years_in_product": "-1"}, "years_in_product"),
    ({"years_in_product": "99"}, "years_in_product"),
    ({"role": "wizard"}, "role"),
    ({"domains": ["ai", "astrology"]}, "domains"),
    ({"country": "XX"}, "country"),
    ({"linkedin_url": "https://evil.example/in/priya"}, "linkedin_url"),
    ({"linkedin_url": "https://linkedin.com.evil.example/in/priya"}, "linkedin_url"),
    ({"linkedin_url": "javascript:alert(1)//linkedin.com/in/x"}, "linkedin_url"),
    ({"linkedin_url": "https://www.linkedin.com/feed/"}, "linkedin_url"),
    ({"linkedin_url": "not a url"}, "linkedin_url"),
    ({"bio": "x" * 5001}, "bio"),
    ({"bio": "null \x00 byte"}, "bio"),
    ({"skills": ", ".join(f"skill {n}" for n in range(21))}, "skills"),
    ({"skills": "x" * 51}, "skills"),
    ({"display_name": "", "is_listed": "on"}, "display_name"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUT)
def test_bad_input_gets_a_clear_message(client, member, change, field):
    response = client.post("/members/me/", {**VALID, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert all(message.strip() for message in form.errors[field])
    assert 'class="errorlist' in response.content.decode()
    assert Profile.objects.get(user=member).display_name == ""  # nothing saved


def test_empty_form_is_fine_and_keeps_me_unlisted(client, member):
    response = client.post("/members/me/", {})
    assert response.status_code == 302
    assert not Profile.objects.get(user=member).is_listed


def test_linkedin_address_is_normalised(client, member):
    client.post("/members/me/", {**VALID, "linkedin_url": "http://linkedin.com/in/priya?trk=x#y"})
    assert Profile.objects.get(user=member).linkedin_url == "https://linkedin.com/in/priya"


MALICIOUS_BIO = """<script>alert(1)</script>
<img src=x onerror="alert(2)">
[click](javascript:alert(3))
<a href="data:text/html,<script>alert(4)</script>">data</a>
<iframe src="https://evil.example"></iframe>
<style>body{display:none}</style>
**still bold**"""


def test_markdown_bio_is_rendered_sanitised(client, member):
    client.post("/members/me/", {**VALID, "bio": MALICIOUS_BIO})
    body = client.get(member.profile.get_absolute_url()).content.decode()
    assert "<strong>still bold</strong>" in body
    for bad in ["<script>alert", "onerror", "javascript:", "data:text/html", "<iframe", "<style>"]:
        assert bad not in body


# Photos ----------------------------------------------------------------------------------


def test_photo_is_resized_and_served_privately(client, member):
    response = client.post("/members/me/", {**VALID, "avatar": image_file(size=(1600, 900))})
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.avatar.name.startswith("avatars/") and profile.avatar.name.endswith(".jpg")
    with profile.avatar.open("rb") as handle, Image.open(handle) as image:
        assert image.size == (512, 512) and image.format == "JPEG"
    photo = client.get(f"/members/{profile.handle}/photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert "private" in photo["Cache-Control"]
    # Reading the stream to the end closes the file (the test client's wrapper does it).
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    # There is no public URL for it.
    assert client.get(profile.avatar.url).status_code == 404


def test_replacing_or_removing_the_photo_deletes_the_old_file(
    client, member, django_capture_on_commit_callbacks
):
    client.post("/members/me/", {**VALID, "avatar": image_file()})
    first = Profile.objects.get(user=member).avatar.name
    storage = Profile.objects.get(user=member).avatar.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/me/", {**VALID, "avatar": image_file(fmt="JPEG", name="b.jpg")})
    second = Profile.objects.get(user=member).avatar.name
    assert second != first and not storage.exists(first) and storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/me/", {**VALID, "remove_avatar": "on"})
    assert not Profile.objects.get(user=member).avatar
    assert not storage.exists(second)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.png", b"<?php echo 'hi'; ?>", "image/png"), "not an image"),
        (SimpleUploadedFile("me.jpg", b"", "image/jpeg"), ""),
        (SimpleUploadedFile("me.gif", b"GIF89a" + b"\x00" * 50, "image/gif"), "not an image"),
        (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1)), "2 MB"),
        ("pixels", "too large in pixels"),
        (
            SimpleUploadedFile("me.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg"),
            "not an image",
        ),
    ],
)
def test_bad_photos_are_refused_with_a_message(client, member, upload, message):
    if upload == "pixels":
        # Small file, huge canvas: a decompression bomb must be refused before decoding.
        upload = image_file(name="bomb.png", size=(8000, 6000), color=(0, 0, 0))
    response = client.post("/members/me/", {**VALID, "avatar": upload})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["avatar"])
    assert message in errors
    assert not Profile.objects.get(user=member).avatar


# Who sees what -----------------------------------------------------------------------------


@pytest.fixture
def target():
    return MemberFactory(
        email="secret.address@example.org",
        listed=True,
        profile__display_name="Listed Person",
        profile__headline="Growth PM",
    )


def _viewer(kind):
    if kind == "anonymous":
        return None
    if kind == "unverified":
        return MemberFactory(verified=False)
    if kind == "no address on record":
        return UserFactory()
    return MemberFactory()


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", 302),
        ("no address on record", 403),
        ("unverified", 403),
        ("verified", 200),
    ],
)
def test_public_profile_ladder(client, target, viewer, expected):
    user = _viewer(viewer)
    if user:
        client.force_login(user)
    response = client.get(f"/members/{target.profile.handle}/")
    assert response.status_code == expected
    assert "secret.address@example.org" not in response.content.decode()
    if expected == 200:
        assert "Listed Person" in response.content.decode()
        assert response["Cache-Control"].startswith("private, no-store")


def test_hidden_members_404_to_others_but_not_to_themselves(client):
    hidden = MemberFactory(profile__display_name="Hidden Person")
    client.force_login(MemberFactory())
    assert client.get(f"/members/{hidden.profile.handle}/").status_code == 404
    client.force_login(hidden)
    own = client.get(f"/members/{hidden.profile.handle}/")
    assert own.status_code == 200
    assert "Only you can see this page" in own.content.decode()
    assert hidden.email not in own.content.decode()


def test_inactive_and_unverified_members_are_not_shown_even_if_listed(client):
    inactive = MemberFactory(listed=True, is_active=False)
    unverified = MemberFactory(listed=True, verified=False)
    client.force_login(MemberFactory())
    assert client.get(f"/members/{inactive.profile.handle}/").status_code == 404
    assert client.get(f"/members/{unverified.profile.handle}/").status_code == 404
    assert client.get("/members/no-such-member/").status_code == 404


def _photo_status(client, person) -> int:
    response = client.get(f"/members/{person.profile.handle}/photo/")
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_photos_follow_the_profile_rule(client):
    listed = MemberFactory(listed=True)
    hidden = MemberFactory()
    for person, extra in ((listed, {"is_listed": "on"}), (hidden, {})):
        client.force_login(person)
        client.post("/members/me/", {"display_name": "Someone", "avatar": image_file(), **extra})
    client.logout()
    assert _photo_status(client, listed) == 302
    client.force_login(MemberFactory(verified=False))
    assert _photo_status(client, listed) == 404
    client.force_login(MemberFactory())
    assert _photo_status(client, listed) == 200
    assert _photo_status(client, hidden) == 404
    client.force_login(hidden)
    assert _photo_status(client, hidden) == 200


def test_profile_page_query_count(client, target, django_assert_max_num_queries):
    target.profile.skills.set(["roadmaps", "pricing"])
    client.force_login(MemberFactory())
    client.get("/")  # warm the session
    with django_assert_max_num_queries(8):
        assert client.get(f"/members/{target.profile.handle}/").status_code == 200


def test_my_profile_query_count(client, member, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/members/me/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/members/me/",
        "/members/me/export/",
        "/members/me/delete/",
        "/members/{handle}/",
        "/members/{handle}/photo/",
    ],
)
def test_every_member_page_sends_visitors_to_sign_in(client, target, path):
    path = path.format(handle=target.profile.handle)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"

"""The Site row the whole site reads (SITE_ID) cannot be deleted from the admin."""

import pytest
from django.contrib.sites.models import Site

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/sites/site/"


@pytest.fixture
def superuser(client):
    user = StaffFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_deleting_the_current_site_is_refused(client, superuser, settings):
    url = f"{CHANGELIST}{settings.SITE_ID}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Site.objects.filter(pk=settings.SITE_ID).exists()
    assert (
        f'href="{url}"'
        not in client.get(f"{CHANGELIST}{settings.SITE_ID}/change/").content.decode()
    )


def test_the_bulk_delete_action_cannot_take_the_current_site(client, superuser, settings):
    other = Site.objects.create(domain="old.example.org", name="Old")
    response = client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [settings.SITE_ID, other.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert Site.objects.filter(pk__in=[settings.SITE_ID, other.pk]).count() == 2


def test_another_site_can_still_be_deleted(client, superuser):
    other = Site.objects.create(domain="old.example.org", name="Old")
    response = client.post(f"{CHANGELIST}{other.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Site.objects.filter(pk=other.pk).exists()

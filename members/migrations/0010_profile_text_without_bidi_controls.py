"""Existing profiles lose the bidirectional controls the profile form now strips
(members/forms.py `one_line`): names, headlines, companies, cities and LinkedIn addresses."""

import re

from django.db import migrations
from django.db.models import Q

# A copy, not an import: a migration must keep meaning what it meant when it ran.
BIDI_CONTROLS = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
FIELDS = ["display_name", "headline", "company", "city", "linkedin_url"]


def strip_bidi_controls(apps, schema_editor):
    Profile = apps.get_model("members", "Profile")
    pattern = re.compile(BIDI_CONTROLS)
    affected = Q()
    for name in FIELDS:
        affected |= Q(**{f"{name}__regex": BIDI_CONTROLS})
    for profile in Profile.objects.filter(affected).only("pk", *FIELDS).iterator():
        cleaned = {
            name: " ".join(pattern.sub("", getattr(profile, name)).split()) for name in FIELDS
        }
        Profile.objects.filter(pk=profile.pk).update(**cleaned)


class Migration(migrations.Migration):
    dependencies = [("members", "0009_profile_is_suspended")]

    operations = [migrations.RunPython(strip_bidi_controls, migrations.RunPython.noop)]

"""The notification kinds of community questions (autodiscovered by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, Kind, register

KINDS = [
    ("community_answer", _("Answers to my community questions"), Delivery.EMAIL,
     _("When a member answers a question you asked.")),
    ("community_accepted", _("Accepted answers"), Delivery.SITE,
     _("When the asker accepts your answer.")),
    ("community_promoted", _("Community questions answered in the FAQ"), Delivery.EMAIL,
     _("When a question you asked or follow becomes a published FAQ answer.")),
    # Opt-in: off until the member turns it on.
    ("community_match", _("New questions matching my skills"), Delivery.OFF,
     _("New community questions tagged with your skills (at most three a week).")),
]  # fmt: skip

for key, label, default, help_text in KINDS:
    register(Kind(key, label, default=default, help_text=help_text))

from django.apps import AppConfig


class DigestConfig(AppConfig):
    name = "digest"
    verbose_name = "Digest"

    def ready(self) -> None:
        from digest import forms, sections

        sections.discover()
        forms.offer_at_signup()

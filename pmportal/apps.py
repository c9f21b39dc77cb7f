from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PmportalConfig(AppConfig):
    name = "pmportal"
    verbose_name = "Site"

    def ready(self) -> None:
        from pmportal.links import site_follows_site_url

        # Sent once per app with models: pmportal has none, the sites framework does.
        post_migrate.connect(site_follows_site_url, sender=apps.get_app_config("sites"))

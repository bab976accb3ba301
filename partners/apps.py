from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, using="default", apps=None, **kwargs):
    # The data migration creates the groups; this keeps them in step with new permissions after every migrate,
    # and recreates them after a database flush (which empties the tables but emits post_migrate).
    from django.apps import apps as global_apps

    from .roles import sync_role_groups

    sync_role_groups(apps or global_apps, using=using)


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner register")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="partners_sync_role_groups")
        from . import entities  # noqa: F401 (declares the entities in the registry)
        from .reporting.figures import connect_signals

        connect_signals()

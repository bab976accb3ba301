from django.apps import AppConfig
from django.conf import settings


class EmbeddedDbConfig(AppConfig):
    """When the default database is the embedded server: a process ended by SIGTERM still stops it on the way out.

    Set up here because ``django.setup()`` runs in the main thread, the only one that may set a signal handler (the
    first connection may be opened in another, e.g. by runserver's serving thread).
    """

    name = "crm.embedded_db"
    label = "embedded_db"
    verbose_name = "Embedded PostgreSQL"

    def ready(self):
        if settings.DATABASES["default"]["ENGINE"] == self.name:
            from .server import exit_cleanly_on_sigterm

            exit_cleanly_on_sigterm()

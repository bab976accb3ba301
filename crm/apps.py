"""App configurations of the project's own for third-party apps."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


class AxesConfig(AxesAppConfig):
    """django-axes (login throttling) in Danish in the admin: its name (its own is the label, "Axes") and how its
    records name themselves (its ``__str__`` are English f-strings, which no catalogue reaches)."""

    verbose_name = _("Login throttling")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessLog.__str__ = lambda log: (
            gettext("Login by %(username)s, %(time)s")
            % {
                "username": log.username,
                "time": _when(log.attempt_time),
            }
        )
        AccessAttempt.__str__ = lambda attempt: (
            gettext("Login attempts by %(username)s from %(address)s")
            % {
                "username": attempt.username,
                "address": attempt.ip_address,
            }
        )
        AccessFailureLog.__str__ = lambda failure: (
            gettext("Failed login by %(username)s, %(time)s")
            % {
                "username": failure.username,
                "time": _when(failure.attempt_time),
            }
        )

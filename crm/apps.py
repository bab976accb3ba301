"""App configurations of the project's own for third-party apps."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (login throttling) under a Danish name in the admin (its own is the label, "Axes")."""

    verbose_name = _("Login throttling")

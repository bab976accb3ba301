"""Messages that third-party templates show but do not translate into Danish.

django-tables2 has no Danish catalogue; listing its pagination words here puts them in our .po file, and Django
finds our translation first (LOCALE_PATHS come before the apps' catalogues).
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_MESSAGES = (
    gettext_noop("previous"),  # django_tables2/bootstrap5.html
    gettext_noop("next"),
)

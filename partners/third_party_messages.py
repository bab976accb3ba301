"""Messages that third-party templates show but do not translate into Danish.

django-tables2 and django-simple-history have no Danish catalogue; listing their messages here puts them in our .po
file, and Django finds our translation first (LOCALE_PATHS come before the apps' catalogues). The page crawl
(tests/screen.py) finds the ones a page shows in English.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_MESSAGES = (
    gettext_noop("previous"),  # django_tables2/bootstrap5.html
    gettext_noop("next"),
    # simple_history/object_history.html, object_history_list.html, object_history_form.html, submit_line.html, admin.py
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Revert"),
    gettext_noop("Revert %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Change History"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("View history: %s"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
)

"""The warning of the organisation and contact forms when the record probably exists already (``selectors/
duplicates.py``): the first save shows the likely duplicates with links and saves nothing; "Save anyway" (the
``save_anyway`` button of ``partners/duplicate_warning.html``) saves. The same CVR number or e-mail address stays an
error of its field, as the database's constraints have it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SAVE_ANYWAY = "save_anyway"


class DuplicateWarningMixin:
    """A form mixin: ``find_duplicates(cleaned_data)`` returns the likely duplicates (``Duplicate`` rows); an edit is
    checked again only when one of ``watched_fields`` changed."""

    watched_fields: tuple[str, ...] = ()
    duplicates: list = []

    def find_duplicates(self, cleaned: dict) -> list:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        self.duplicates = []
        if self.errors or self.data.get(SAVE_ANYWAY):
            return cleaned
        if self.instance.pk and not set(self.changed_data) & set(self.watched_fields):
            return cleaned
        self.duplicates = self.find_duplicates(cleaned)
        if self.duplicates:
            raise ValidationError(self.duplicate_message, code="duplicates")
        return cleaned

    @property
    def duplicate_message(self) -> str:
        return _("It may already be in the register. Check the ones below, or save anyway.")

    @property
    def only_duplicates(self) -> bool:
        """Whether the likely duplicates are all that stops the save (then "Save anyway" is offered)."""
        errors = self.errors.as_data()
        return bool(self.duplicates) and list(errors) == ["__all__"] and len(errors["__all__"]) == 1

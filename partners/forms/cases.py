from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Case, CaseDeadline, CaseEvent, CaseStakeholder
from ..models.cases import DeadlineKind
from ..ui.autocomplete import SOURCES, Source
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseModelForm
from .meetings import UserChoiceField, date_input

# The cases' autocomplete (the meeting form's cases field, the list's filters), registered beside the others.
SOURCES.setdefault("cases", Source(lambda: Case.objects.order_by("title", "id"), "partners.view_case", ("title",)))


class CaseForm(BaseModelForm):
    multi_fields = ("themes", "areas")

    class Meta(BaseModelForm.Meta):
        model = Case
        fields = [
            "title",
            "stage",
            "level",
            "owner",
            "themes",
            "areas",
            "ask",
            "background",
            "outcome",
            "outcome_date",
            "outcome_note",
        ]
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "owner": AutocompleteSelect("users", placeholder=_("Search staff")),
            "themes": AutocompleteSelectMultiple("themes", placeholder=_("Search themes")),
            "areas": AutocompleteSelectMultiple("areas", placeholder=_("Search housing areas")),
            "ask": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "outcome_date": date_input(),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.all()


class CaseDeadlineForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = CaseDeadline
        fields = ["kind", "date", "response_state", "note"]
        widgets = {"date": date_input(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response_state") and cleaned.get("kind") != DeadlineKind.CONSULTATION:
            self.add_error("response_state", _("Only a consultation deadline has a response."))
        return cleaned


class CaseEventForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = CaseEvent
        fields = ["kind", "date", "note"]
        widgets = {"date": date_input(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class CaseStakeholderForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = CaseStakeholder
        fields = ["organisation", "contact", "stance", "influence", "interest", "noted_on", "note"]
        widgets = {
            "organisation": AutocompleteSelect("organisations", placeholder=_("Search organisations")),
            "contact": AutocompleteSelect("contacts", placeholder=_("Search contacts")),
            "noted_on": date_input(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.instance.case = case
        self.fields["noted_on"].initial = timezone.localdate()
        if self.instance.pk:
            # The party of a stance stays; a new party is a new row (the history follows one party).
            for name in ("organisation", "contact"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        organisation, contact = cleaned.get("organisation"), cleaned.get("contact")
        if bool(organisation) == bool(contact):
            raise ValidationError(_("Choose either an organisation or a contact."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The view sets the case (it is no field of the form), so Django leaves out the constraints that name it:
        # "already on the case" is checked here, as a message rather than a database error.
        if not self._errors:
            try:
                self.instance.validate_constraints()
            except ValidationError as error:
                self._update_errors(error)

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import Collaboration, CollaborationPartner, CollaborationReview
from ..models.reviews import ReviewDecision
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseModelForm
from .meetings import UserChoiceField, date_input


class CollaborationForm(BaseModelForm):
    multi_fields = ("themes", "areas")

    class Meta(BaseModelForm.Meta):
        model = Collaboration
        fields = [
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "themes",
            "areas",
            "responsible",
            "description",
            "goals",
        ]
        field_classes = {"responsible": UserChoiceField}
        widgets = {
            "responsible": AutocompleteSelect("users", placeholder=_("Search staff")),
            "start_date": date_input(),
            "end_date": date_input(),
            "themes": AutocompleteSelectMultiple("themes", placeholder=_("Search themes")),
            "areas": AutocompleteSelectMultiple("areas", placeholder=_("Search housing areas")),
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = get_user_model().objects.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # On the field, where the user looks (the database constraint would say the same, above the form).
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class CollaborationPartnerForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = CollaborationPartner
        fields = ["organisation", "role"]
        widgets = {"organisation": AutocompleteSelect("organisations", placeholder=_("Search organisations"))}


def partner_formset(*, extra: int):
    return inlineformset_factory(
        Collaboration,
        CollaborationPartner,
        form=CollaborationPartnerForm,
        fields=["organisation", "role"],
        extra=extra,
        can_delete=True,
    )


PartnerCreateFormSet = partner_formset(extra=2)
PartnerUpdateFormSet = partner_formset(extra=0)


class CollaborationReviewForm(forms.ModelForm):
    class Meta:
        model = CollaborationReview
        fields = ["reviewed_on", "note", "decision", "new_status"]
        widgets = {
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        decision, new_status = cleaned.get("decision"), cleaned.get("new_status")
        if decision == ReviewDecision.CHANGE_STATUS and not new_status:
            self.add_error("new_status", _("Choose the new status."))
        if decision != ReviewDecision.CHANGE_STATUS:
            cleaned["new_status"] = ""
        return cleaned

    def _post_clean(self):
        # The model's checks run in the service, with the collaboration and the reviewer set.
        pass

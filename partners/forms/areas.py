from django.utils.translation import gettext_lazy as _

from ..models import Area, Organisation
from ..models.areas import AREA_FIELDS
from ..models.organisations import OrganisationKind
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseModelForm
from .contacts import DateInput


class AreaForm(BaseModelForm):
    multi_fields = ("estates",)  # ?estates=… pre-fills a list

    class Meta(BaseModelForm.Meta):
        model = Area
        fields = list(AREA_FIELDS)
        widgets = {
            "municipality": AutocompleteSelect(
                "organisations",
                filters={"kind": OrganisationKind.MUNICIPALITY},
                placeholder=_("Search municipalities"),
            ),
            "estates": AutocompleteSelectMultiple(
                "organisations", filters={"kind": OrganisationKind.ESTATE}, placeholder=_("Search estates")
            ),
            "masterplan_start": DateInput(),
            "masterplan_end": DateInput(),
        }
        help_texts = {
            "estates": _("The housing organisations' estates (afdelinger) that make up the area."),
            "list_year": _("The year of the state's list the status is taken from."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        self.fields["estates"].queryset = Organisation.objects.filter(kind=OrganisationKind.ESTATE)
        self.fields["notes"].widget.attrs["rows"] = 4

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("masterplan_start"), cleaned.get("masterplan_end")
        if start and end and end < start:
            self.add_error("masterplan_end", _("The end date cannot be before the start date."))
        return cleaned

from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from ..models.organisations import ORGANISATION_DETAILS
from ..ui.widgets import AutocompleteSelect
from .base import RELATIONSHIP_WIDGETS, BaseModelForm, RelationshipFormMixin


class OrganisationForm(RelationshipFormMixin, BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = Organisation
        fields = [
            "kind",
            "name",
            "parent",
            *ORGANISATION_DETAILS,
            "tags",
            "owner",
            "is_key_partner",
            "is_active",
            "notes",
        ]
        widgets = {
            **RELATIONSHIP_WIDGETS,
            "parent": AutocompleteSelect("organisations", placeholder=_("Search organisations")),
        }

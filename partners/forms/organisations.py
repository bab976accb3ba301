from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, Tag
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseModelForm


class OrganisationForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = Organisation
        fields = [
            "kind",
            "name",
            "parent",
            "cvr",
            "municipality_code",
            "estate_number",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "tags",
            "owner",
            "is_key_partner",
            "is_active",
            "notes",
        ]
        widgets = {
            "parent": AutocompleteSelect("organisations", placeholder=_("Search organisations")),
            "tags": AutocompleteSelectMultiple("tags"),
            "owner": AutocompleteSelect("users"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.all()
        # Active staff, plus the current owner even after they have left: the value must survive an edit.
        self.fields["owner"].queryset = get_user_model().objects.filter(
            Q(is_active=True) | Q(pk=self.instance.owner_id)
        )
        self.fields["notes"].widget.attrs["rows"] = 4

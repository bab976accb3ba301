from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, OrganisationAlias
from ..models.folding import fold
from ..models.organisations import ORGANISATION_DETAILS
from ..selectors.duplicates import organisation_duplicates
from ..ui.widgets import AutocompleteSelect
from .base import RELATIONSHIP_WIDGETS, BaseModelForm, RelationshipFormMixin
from .duplicates import DuplicateWarningMixin


def split_names(text: str) -> list[str]:
    """The names of a one-name-per-line field, trimmed, blank lines and repeats (in any spelling) dropped."""
    names, seen = [], set()
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


class OrganisationForm(DuplicateWarningMixin, RelationshipFormMixin, BaseModelForm):
    aliases = forms.CharField(
        label=_("other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line: old names, abbreviations, what people write instead (e.g. “MSB”)."),
    )

    class Meta(BaseModelForm.Meta):
        model = Organisation
        fields = [
            "kind",
            "name",
            "short_name",
            "aliases",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = "\n".join(alias.name for alias in self.instance.aliases.all())

    watched_fields = ("name", "short_name", "aliases", "parent", "cvr")

    def find_duplicates(self, cleaned: dict) -> list:
        """Organisations with the same CVR number, or a similar name, short name or alias (the same parent first)."""
        parent = cleaned.get("parent")
        return organisation_duplicates(
            name=cleaned.get("name", ""),
            short_name=cleaned.get("short_name", ""),
            aliases=cleaned.get("aliases", []),
            cvr=cleaned.get("cvr") or None,
            parent_id=parent.pk if parent else None,
            exclude_pk=self.instance.pk,
        )

    def clean_aliases(self) -> list[str]:
        names = split_names(self.cleaned_data.get("aliases", ""))
        for name in names:
            if len(name) > OrganisationAlias._meta.get_field("name").max_length:
                raise forms.ValidationError(_("“%(name)s” is too long for a name.") % {"name": name[:40] + "…"})
        return names

    @transaction.atomic
    def save(self, commit: bool = True):
        organisation = super().save(commit=commit)
        if commit:
            self.save_aliases(organisation)
        return organisation

    def save_aliases(self, organisation: Organisation) -> None:
        """Make the organisation's aliases the ones in the field (the name itself is not kept as an alias)."""
        wanted = {
            fold(name): name for name in self.cleaned_data.get("aliases", []) if fold(name) != fold(organisation.name)
        }
        current = {fold(alias.name): alias for alias in organisation.aliases.all()}
        OrganisationAlias.objects.filter(pk__in=[a.pk for key, a in current.items() if key not in wanted]).delete()
        for key, name in wanted.items():
            if key in current:
                if current[key].name != name:
                    current[key].name = name
                    current[key].save(update_fields=["name"])
            else:
                OrganisationAlias.objects.create(organisation=organisation, name=name)

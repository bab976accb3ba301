from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Contact, ErasedPerson, Organisation
from ..models.personal_data import ERASED_EMAIL_MESSAGE
from ..selectors.duplicates import contact_duplicates
from ..services.contacts import affiliation_change
from ..ui.widgets import AutocompleteSelect
from .base import RELATIONSHIP_WIDGETS, BaseModelForm, BootstrapFormMixin, RelationshipFormMixin
from .duplicates import DuplicateWarningMixin


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _affiliation_label(name: str):
    """The affiliation field's own (translated) name, for the form fields that fill it."""
    return capfirst(Affiliation._meta.get_field(name).verbose_name)


def _constraint_message(model, name: str) -> str:
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


class ContactForm(DuplicateWarningMixin, RelationshipFormMixin, BaseModelForm):
    multi_fields = ("tags",)  # ?tags=… pre-fills a list

    class Meta(BaseModelForm.Meta):
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "salutation",
            "email",
            "phone",
            "tags",
            "owner",
            "do_not_contact",
            "lawful_basis",
            "consent_note",
            "is_active",
            "notes",
        ]
        widgets = RELATIONSHIP_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_note"].widget.attrs["rows"] = 2

    watched_fields = ("first_name", "last_name", "email", "organisation")

    def find_duplicates(self, cleaned: dict) -> list:
        """Contacts with the same e-mail (in another spelling of case), or a similar name at the same organisation or
        without one."""
        organisation = cleaned.get("organisation")
        if organisation is not None:
            organisations = [organisation.pk]
        elif self.instance.pk:
            organisations = list(self.instance.affiliations.current().values_list("organisation_id", flat=True))
        else:
            organisations = []
        return contact_duplicates(
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            email=cleaned.get("email"),
            organisation_ids=organisations,
            exclude_pk=self.instance.pk,
        )

    def clean_email(self):
        """Shown on the e-mail field (the database's case-insensitive constraint would give a general error)."""
        email = (self.cleaned_data.get("email") or "").strip() or None
        if email:
            others = Contact.objects.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(email)))
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise ValidationError(_constraint_message(Contact, "contact_email_unique_ci"), code="unique")
            if email != (self.instance.email or None) and ErasedPerson.objects.matching(email):
                raise ValidationError(ERASED_EMAIL_MESSAGE, code="erased")
        return email


class ContactCreateForm(ContactForm):
    """A new contact and, in the same step, where they work (optional)."""

    affiliation_fields = ("organisation", "title", "department", "start_date")

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        widget=AutocompleteSelect("organisations", placeholder=_("Search organisations")),
        label=_affiliation_label("organisation"),
        help_text=_("Where the person works now. More roles can be added on the contact's page."),
    )
    title = forms.CharField(label=_affiliation_label("title"), max_length=200, required=False)
    department = forms.CharField(label=_affiliation_label("department"), max_length=200, required=False)
    start_date = forms.DateField(label=_affiliation_label("start_date"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and any(cleaned.get(name) for name in self.affiliation_fields[1:]):
            self.add_error("organisation", _("Choose the organisation the title and department belong to."))
        return cleaned

    def contact_fields(self):
        return [self[name] for name in self.fields if name not in self.affiliation_fields]

    def affiliation_form_fields(self):
        return [self[name] for name in self.affiliation_fields]

    def save(self, commit=True):
        contact = super().save(commit=commit)
        organisation = self.cleaned_data.get("organisation")
        if commit and organisation:
            affiliation_change(
                contact=contact,
                organisation=organisation,
                title=self.cleaned_data["title"],
                department=self.cleaned_data["department"],
                start_date=self.cleaned_data["start_date"],
            )
        return contact


class AffiliationForm(BaseModelForm):
    """One role of a contact: a second role (e.g. board member), or the end date of one that has ended."""

    class Meta(BaseModelForm.Meta):
        model = Affiliation
        fields = ["organisation", "title", "department", "start_date", "end_date", "is_primary"]
        widgets = {
            "organisation": AutocompleteSelect("organisations", placeholder=_("Search organisations")),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _constraint_message(Affiliation, "affiliation_end_after_start"))
        # The form has no contact field, so Django would skip the "one current primary" constraint and the save
        # would fail in the database; check it here.
        if cleaned.get("is_primary") and not cleaned.get("end_date"):
            others = Affiliation.objects.current().filter(contact_id=self.instance.contact_id, is_primary=True)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "is_primary",
                    _(
                        "The contact already has a current primary affiliation. Untick “primary” there first, or "
                        "use “Change job” if the person has moved."
                    ),
                )
        return cleaned


class ChangeJobForm(BootstrapFormMixin, forms.Form):
    """A person moved to a new job: the new affiliation starts, the chosen current one ends the day before."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        widget=AutocompleteSelect("organisations", placeholder=_("Search organisations")),
        label=_("New organisation"),
    )
    title = forms.CharField(label=_affiliation_label("title"), max_length=200, required=False)
    department = forms.CharField(label=_affiliation_label("department"), max_length=200, required=False)
    start_date = forms.DateField(label=_affiliation_label("start_date"), widget=DateInput())
    ending = forms.TypedChoiceField(
        coerce=int,
        label=_("Affiliation that ends"),
        help_text=_("It ends the day before the new job starts."),
    )

    def __init__(self, *args, contact: Contact, current_affiliations: list[Affiliation] | None = None, **kwargs):
        """``current_affiliations``: the contact's current affiliations with their organisations, if already loaded."""
        super().__init__(*args, **kwargs)
        self.contact = contact
        if current_affiliations is None:
            current_affiliations = list(
                contact.affiliations.current().select_related("organisation").order_by("-is_primary", "id")
            )
        else:
            current_affiliations = sorted(current_affiliations, key=lambda a: (not a.is_primary, a.pk))
        self.current_affiliations = {a.pk: a for a in current_affiliations}
        if current_affiliations:
            self.fields["ending"].choices = [(a.pk, self.affiliation_label(a)) for a in current_affiliations]
            self.fields["ending"].initial = current_affiliations[0].pk  # the primary one, if there is one
        else:
            # Nothing to end: the new job is simply added.
            del self.fields["ending"]
        self.fields["start_date"].initial = timezone.localdate()

    def clean_ending(self) -> Affiliation:
        return self.current_affiliations[self.cleaned_data["ending"]]

    @staticmethod
    def affiliation_label(affiliation: Affiliation) -> str:
        title = f"{affiliation.title}, " if affiliation.title else ""
        return f"{title}{affiliation.organisation.name}"

    def clean(self):
        cleaned = super().clean()
        ending, start = cleaned.get("ending"), cleaned.get("start_date")
        if ending and start and ending.start_date and start <= ending.start_date:
            self.add_error(
                "start_date",
                _("The new job must start after the current one began (%(date)s).")
                % {"date": date_format(ending.start_date, "SHORT_DATE_FORMAT")},
            )
        return cleaned

    def save(self) -> Affiliation:
        return affiliation_change(
            contact=self.contact,
            organisation=self.cleaned_data["organisation"],
            title=self.cleaned_data["title"],
            department=self.cleaned_data["department"],
            start_date=self.cleaned_data["start_date"],
            ending=self.cleaned_data.get("ending"),
        )

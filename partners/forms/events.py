import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Event, Invitation
from ..models.events import InvitationStatus
from ..selectors.events import event_same_name_and_day
from ..ui.widgets import AutocompleteSelect
from .base import BaseModelForm, BootstrapFormMixin


class EventForm(BaseModelForm):
    """An event. A second event of the same name on the same day is not refused, but ``duplicate`` names the one
    there is and the view saves nothing until ``confirm_duplicate`` is ticked (a hidden field until then)."""

    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta(BaseModelForm.Meta):
        model = Event
        fields = ["name", "kind", "starts_at", "location", "guest_quota", "description"]
        widgets = {
            # The browser's date-time picker; Django reads its ISO value (2026-01-08T17:00) in the local time zone.
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate: Event | None = None
        self.fields["confirm_duplicate"].label = _("Save anyway") if self.instance.pk else _("Create anyway")

    def clean(self):
        cleaned = super().clean()
        name, starts_at = cleaned.get("name"), cleaned.get("starts_at")
        if name and starts_at and not cleaned.get("confirm_duplicate"):
            self.duplicate = event_same_name_and_day(name=name, starts_at=starts_at, exclude_pk=self.instance.pk)
        if self.duplicate is not None:
            confirm = self.fields["confirm_duplicate"]
            confirm.widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
        return cleaned

    @property
    def needs_confirmation(self) -> bool:
        return self.duplicate is not None

    # Fields the page shows apart from the others (the warning's confirmation, the copy's guest list).
    aside_fields = ("confirm_duplicate",)

    def main_fields(self) -> list:
        """The visible fields but those shown apart (``aside_fields``)."""
        return [field for field in self.visible_fields() if field.name not in self.aside_fields]


# A name that ends in a year ("Nytårskur 2026"): its copy gets the next one.
TRAILING_YEAR = re.compile(r"^(?P<stem>.*?)(?<!\d)(?P<year>(19|20|21)\d\d)(?P<tail>\s*)$")


def next_year(value: datetime.datetime) -> datetime.datetime:
    """The same local day and time a year later (29 February becomes the 28th)."""
    local = timezone.localtime(value)  # zoneinfo: the offset follows the new date (summer or winter time)
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


def next_year_name(name: str) -> str:
    match = TRAILING_YEAR.match(name)
    if match is None:
        return name
    return f"{match['stem']}{int(match['year']) + 1}{match['tail']}".strip()


class EventCopyForm(EventForm):
    """A new event started from ``source``: its details a year on (``initial_from``), and the choice to copy its guest
    list as drafts (offered to those who may add invitations)."""

    aside_fields = ("confirm_duplicate", "copy_guests")

    copy_guests = forms.BooleanField(required=False, initial=True, label=_("Copy the guest list as drafts"))

    def __init__(self, *args, source: Event, guests: int, can_copy_guests: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        if not can_copy_guests or not guests:
            del self.fields["copy_guests"]
            return
        self.fields["copy_guests"].help_text = ngettext(
            "%(count)s person is on the list of %(event)s. Copied, each is checked again: no one marked do not "
            "contact, only those still at the organisation they were invited through, and the quota per organisation.",
            "%(count)s people are on the list of %(event)s. Copied, each is checked again: no one marked do not "
            "contact, only those still at the organisation they were invited through, and the quota per organisation.",
            guests,
        ) % {"count": guests, "event": source.name}

    @staticmethod
    def initial_from(source: Event) -> dict:
        """The source's details for next year: the year in the name and the date one on, the rest as it was."""
        return {
            "name": next_year_name(source.name),
            "kind": source.kind,
            "starts_at": next_year(source.starts_at),
            "location": source.location,
            "guest_quota": source.guest_quota,
            "description": source.description,
        }


class InviteQuotaForm(BootstrapFormMixin, forms.Form):
    """The quota of "add invitees": at most this many guests per organisation; empty means no quota."""

    quota = forms.IntegerField(
        label=_("At most per organisation"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_(
            "Empty: no quota. Those already on the list count. Chosen in this order: primary affiliation first, then "
            "by title (director, head, manager, consultant, staff member), then by name."
        ),
    )


class InvitationBulkStatusForm(BootstrapFormMixin, forms.Form):
    """A status for the invitations ticked in the event's table (only the event's own invitations are accepted)."""

    selected = forms.ModelMultipleChoiceField(queryset=Invitation.objects.none(), label=_("Invitations"))
    status = forms.ChoiceField(choices=InvitationStatus.choices, label=_("New status"))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = Invitation.objects.filter(event=event)
        self.fields["selected"].error_messages["required"] = _("Tick at least one invitation.")


class InvitationForm(BaseModelForm):
    """One invitation: the organisation the person is invited through, and its status."""

    class Meta(BaseModelForm.Meta):
        model = Invitation
        fields = ["organisation", "status"]
        widgets = {"organisation": AutocompleteSelect("organisations", placeholder=_("Search organisations"))}


class CoverageCompareForm(BootstrapFormMixin, forms.Form):
    compare = forms.ModelChoiceField(
        queryset=Event.objects.all(),
        required=False,
        label=_("Compare with"),
        widget=AutocompleteSelect("events", placeholder=_("Search events")),
        help_text=_("Empty: the previous event of the same kind."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].queryset = Event.objects.exclude(pk=event.pk)


class MailMergeForm(forms.Form):
    """The query string of the mail-merge export: format, statuses, CSV delimiter."""

    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "Excel")])
    status = forms.MultipleChoiceField(choices=InvitationStatus.choices, required=False)
    delimiter = forms.ChoiceField(
        choices=[(";", ";"), ("semicolon", ";"), (",", ","), ("comma", ","), ("tab", "tab")], required=False
    )

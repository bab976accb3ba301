import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp, Meeting
from ..models.meetings import MEETING_LINKS
from ..ui.fields import UserLabelMixin
from ..ui.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from .base import BaseModelForm

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_DATE = "%Y-%m-%d"


def rounded_now(*, minutes: int = 15, now: datetime.datetime | None = None) -> datetime.datetime:
    """The local time rounded down to ``minutes``: the default start of a meeting being logged.

    Down, never up: a meeting logged as it ends must count as held, not as planned a few minutes ahead.
    """
    now = timezone.localtime(now)
    return now.replace(minute=now.minute - now.minute % minutes, second=0, microsecond=0)


class UserChoiceField(UserLabelMixin, forms.ModelChoiceField):
    pass


class UserMultipleChoiceField(UserLabelMixin, forms.ModelMultipleChoiceField):
    pass


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


class MeetingForm(BaseModelForm):
    # Pre-filled from the query string as lists even with one value (?organisations=12).
    multi_fields = (*MEETING_LINKS, "cases")

    class Meta(BaseModelForm.Meta):
        model = Meeting
        fields = [
            "starts_at",
            "kind",
            "subject",
            *MEETING_LINKS,
            "cases",  # the advocacy cases the meeting was about (issue 16); ?cases=<pk> from a case's page
            "minutes",
            "decisions",
        ]
        field_classes = {"staff": UserMultipleChoiceField}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            "organisations": AutocompleteSelectMultiple("organisations", placeholder=_("Search organisations")),
            # The people of the chosen organisations (and their units) are suggested first.
            "contacts": AutocompleteSelectMultiple(
                "contacts", placeholder=_("Search contacts"), forward={"rank_organisation": "organisations"}
            ),
            "staff": AutocompleteSelectMultiple("users", placeholder=_("Search staff")),
            "collaborations": AutocompleteSelectMultiple("collaborations", placeholder=_("Search collaborations")),
            "areas": AutocompleteSelectMultiple("areas", placeholder=_("Search housing areas")),
            "themes": AutocompleteSelectMultiple("themes", placeholder=_("Search themes")),
            "cases": AutocompleteSelectMultiple("cases", placeholder=_("Search cases")),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget.attrs.setdefault("autofocus", True)


class FollowUpInlineForm(BaseModelForm):
    """One follow-up row of the meeting form; a new row is owned by the user logging the meeting unless changed."""

    class Meta(BaseModelForm.Meta):
        model = FollowUp
        fields = ["text", "owner", "due_date"]
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 1}),
            "owner": AutocompleteSelect("users", placeholder=_("Search staff")),
            "due_date": date_input(),
        }

    def __init__(self, *args, default_owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        # All users validate (an old follow-up may belong to someone who has left); the autocomplete offers active ones.
        self.fields["owner"].queryset = get_user_model().objects.all()
        if default_owner is not None:
            # A field initial, so an untouched extra row still counts as unchanged and is skipped.
            self.fields["owner"].initial = default_owner.pk


def follow_up_formset(*, extra: int):
    return inlineformset_factory(
        Meeting, FollowUp, form=FollowUpInlineForm, fields=["text", "owner", "due_date"], extra=extra, can_delete=True
    )


FollowUpCreateFormSet = follow_up_formset(extra=1)
FollowUpUpdateFormSet = follow_up_formset(extra=0)


class FollowUpForm(BaseModelForm):
    """A follow-up on its own page; ``is_done`` sets or clears the time it was done."""

    is_done = forms.BooleanField(label=_("Done"), required=False)

    class Meta(BaseModelForm.Meta):
        model = FollowUp
        fields = ["meeting", "text", "owner", "due_date"]
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "meeting": AutocompleteSelect("meetings", placeholder=_("Search meetings")),
            "text": forms.Textarea(attrs={"rows": 3}),
            "owner": AutocompleteSelect("users", placeholder=_("Search staff")),
            "due_date": date_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.all()
        self.fields["is_done"].initial = self.instance.done_at is not None

    def save(self, commit=True):
        self.instance.mark(bool(self.cleaned_data.get("is_done")))
        return super().save(commit=commit)

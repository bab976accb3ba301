from django import forms

from ..models import Event
from .base import BaseModelForm


class EventForm(BaseModelForm):
    class Meta(BaseModelForm.Meta):
        model = Event
        fields = ["name", "kind", "starts_at", "location", "description"]
        widgets = {
            # The browser's date-time picker; Django reads its ISO value (2026-01-08T17:00) in the local time zone.
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

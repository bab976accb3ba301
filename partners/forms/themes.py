from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Theme
from .base import BaseModelForm
from .tags import LabelForm


class ThemeForm(LabelForm):
    duplicate_message = _("There is already a theme named “%(name)s” (upper and lower case count as the same).")

    class Meta(BaseModelForm.Meta):
        model = Theme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

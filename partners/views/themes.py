from django.utils.translation import gettext_lazy as _

from ..forms.themes import ThemeForm
from ..models import Theme
from .generic import ObjectCreateView, ObjectUpdateView
from .tags import (
    LabelDeleteView,
    LabelDetailView,
    LabelListView,
    LabelMergeView,
    LabelQuickAddView,
    LabelRetireView,
)


class ThemeListView(LabelListView):
    model = Theme
    empty_hint = _("Themes are the subject areas of collaborations and meetings, e.g. employment, health, safety.")


class ThemeDetailView(LabelDetailView):
    model = Theme


class ThemeCreateView(ObjectCreateView):
    model = Theme
    form_class = ThemeForm


class ThemeUpdateView(ObjectUpdateView):
    model = Theme
    form_class = ThemeForm


class ThemeDeleteView(LabelDeleteView):
    model = Theme


class ThemeRetireView(LabelRetireView):
    model = Theme


class ThemeMergeView(LabelMergeView):
    model = Theme


class ThemeQuickAddView(LabelQuickAddView):
    model = Theme

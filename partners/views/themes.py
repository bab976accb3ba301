from django.utils.translation import gettext_lazy as _

from ..models import Theme
from .tags import LabelListView


class ThemeListView(LabelListView):
    model = Theme
    empty_hint = _("Themes are the subject areas of collaborations and meetings, e.g. employment, health, safety.")

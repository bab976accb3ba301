from ..models import Theme
from .tags import TagFilterSet


class ThemeFilterSet(TagFilterSet):
    search_fields = ("name", "description")

    class Meta(TagFilterSet.Meta):
        model = Theme

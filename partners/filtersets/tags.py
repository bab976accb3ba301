import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Tag
from .base import BaseFilterSet


class TagFilterSet(BaseFilterSet):
    search_fields = ("name",)
    is_active = django_filters.BooleanFilter(label=_("In use"))

    class Meta(BaseFilterSet.Meta):
        model = Tag
        fields = ["q", "is_active"]

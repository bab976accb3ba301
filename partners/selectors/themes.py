from django.db.models import QuerySet

from ..models import Theme
from .tags import label_list_queryset


def theme_list_queryset() -> QuerySet[Theme]:
    return label_list_queryset(Theme)

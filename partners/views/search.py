"""The register search (``/search/?q=``): every kind the user may view, grouped by kind (``selectors/search.py``)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import TemplateView

from ..selectors import search as search_selectors


class SearchView(TemplateView):
    """Shows a group per entity the user may view; a user who may view none of them gets 403."""

    template_name = "partners/search.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not search_selectors.searchable_targets(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = search_selectors.normalise_query(raw)
        user = self.request.user
        groups = search_selectors.search_register(query=query, user=user) if query else []
        context.update(
            {
                "query": query,
                "query_was_shortened": search_selectors.query_is_shortened(raw),
                "max_query_length": search_selectors.MAX_QUERY_LENGTH,
                "groups": groups,
                "total": sum(group.count for group in groups),
                "searched_types": [target.label for target in search_selectors.searchable_targets(user=user)],
            }
        )
        return context


urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
]

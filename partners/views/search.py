"""The register search (``/search/?q=``): every kind the user may view, grouped by kind (``selectors/search.py``);
and the quick search of the top bar (``/search/quick/?q=``, JSON for ``static/js/quicksearch.js``): the same search,
fewer hits per group and no counts."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from ..selectors import search as search_selectors
from ..services.search import refresh_search_words

QUICK_HIT_LIMIT = 4  # per group: what fits under the top bar at 1366×768


class SearchPermissionMixin:
    """A user who may view none of the searched kinds gets 403 (the login is required by the middleware)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not search_selectors.searchable_targets(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def search(request, query: str, **options) -> list[search_selectors.SearchGroup]:
    """The groups for ``query`` (none for an empty one), the lexicon first brought up to date with the texts the user
    may search (a statement per search, an index probe when nothing has changed)."""
    if not query:
        return []
    targets = search_selectors.searchable_targets(user=request.user)
    refresh_search_words(sources=[target.lexicon_source for target in targets if target.lexicon_source])
    return search_selectors.search_register(query=query, user=request.user, **options)


class SearchView(SearchPermissionMixin, TemplateView):
    """Shows a group per entity the user may view."""

    template_name = "partners/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = search_selectors.normalise_query(raw)
        user = self.request.user
        groups = search(self.request, query)
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


class QuickSearchView(SearchPermissionMixin, View):
    """The groups that have hits, best first within each, and the address of the full search page."""

    def get(self, request, *args, **kwargs):
        query = search_selectors.normalise_query(request.GET.get("q", ""))
        groups = search(request, query, limit=QUICK_HIT_LIMIT, counted=False)
        return JsonResponse(
            {
                "query": query,
                "groups": [
                    {
                        "key": group.key,
                        "label": group.label,
                        "hits": [{"title": hit.title, "detail": hit.detail, "url": hit.url} for hit in group.hits],
                    }
                    for group in groups
                    if group.hits
                ],
                "search_url": f"{reverse('search')}?{urlencode({'q': query})}",
            }
        )


urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("search/quick/", QuickSearchView.as_view(), name="quick_search"),
]

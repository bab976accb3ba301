"""JSON options for the autocomplete widgets: ``/autocomplete/<source>/?q=…`` answers at most 20 matches."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views import View

from ..models.fulltext import normalise_query
from ..ui.autocomplete import SOURCES, suggestion_groups, suggestions


class AutocompleteView(View):
    """``{"results": [{"value", "text"}]}``; for a ranked source given the ranking's ids (``?rank_organisation=``)
    also ``"groups"`` (headings, first group first) and each result's ``"optgroup"``."""

    def get(self, request, source: str):
        spec = SOURCES.get(source)
        if spec is None:
            raise Http404
        if not request.user.has_perm(spec.permission):
            raise PermissionDenied
        # Control characters (a NUL byte cannot reach PostgreSQL) removed, as in every search box.
        found = list(suggestions(spec, request.GET, normalise_query(request.GET.get("q"))))
        results = [{"value": str(obj.pk), "text": spec.label(obj)} for obj in found]
        groups = suggestion_groups(spec, request.GET)
        if not groups:
            return JsonResponse({"results": results})
        for result, obj in zip(results, found, strict=True):
            result["optgroup"] = groups[0]["value"] if obj.ranked_first else groups[1]["value"]
        return JsonResponse({"results": results, "groups": groups})

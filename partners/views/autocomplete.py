"""JSON options for the autocomplete widgets: ``/autocomplete/<source>/?q=…`` answers at most 20 matches."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views import View

from ..ui.autocomplete import SOURCES, suggestions


class AutocompleteView(View):
    def get(self, request, source: str):
        spec = SOURCES.get(source)
        if spec is None:
            raise Http404
        if not request.user.has_perm(spec.permission):
            raise PermissionDenied
        found = suggestions(spec, request.GET, request.GET.get("q", "").strip())
        return JsonResponse({"results": [{"value": str(obj.pk), "text": spec.label(obj)} for obj in found]})

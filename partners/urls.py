from django.urls import path

from . import registry
from .views import dashboard, imports, search
from .views.autocomplete import AutocompleteView
from .views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("autocomplete/<slug:source>/", AutocompleteView.as_view(), name="autocomplete"),
    # Every entity's list, add, detail, edit and delete pages and its own extra pages (partners/entities.py).
    *(pattern for entity in registry.entities() for pattern in entity.urls()),
    *search.urlpatterns,
    *imports.urlpatterns,
    *dashboard.urlpatterns,
]

from django.urls import path

from .views import areas, collaborations, contacts, dashboard, events, imports, meetings, organisations, search
from .views.autocomplete import AutocompleteView
from .views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("autocomplete/<slug:source>/", AutocompleteView.as_view(), name="autocomplete"),
    *organisations.urlpatterns,
    *areas.urlpatterns,
    *contacts.urlpatterns,
    *collaborations.urlpatterns,
    *meetings.urlpatterns,
    *events.urlpatterns,
    *search.urlpatterns,
    *imports.urlpatterns,
    *dashboard.urlpatterns,
]

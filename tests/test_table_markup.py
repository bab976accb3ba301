"""The rows of every list are drawn in Python (``BaseTable.body_html``, ``templates/django_tables2/``) instead of by
django-tables2's template: the markup users see stays the library's, cell for cell, and a few rows are pinned as
they looked before the fast path."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import RequestContext, Template
from django.test.html import parse_html
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from partners import registry
from partners.models import Event, TablePreference
from partners.tables.base import DateColumn
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = Template('{% load django_tables2 %}{% render_table table "django_tables2/bootstrap5.html" %}')
OURS = Template("{% load django_tables2 %}{% render_table table %}")


def rendered(template: Template, response) -> str:
    table = response.context["table"]
    table._counter = itertools.count()  # the rows' even/odd count starts again, as in a page's one rendering
    return template.render(RequestContext(response.wsgi_request, {"table": table}))


def library_markup(response) -> str:
    """django-tables2's own bootstrap5-responsive.html (its bootstrap5.html in the responsive wrapper)."""
    html = rendered(LIBRARY, response)
    return html.replace('<div class="table-container">', '<div class="table-container table-responsive">', 1)


def assert_same_markup(response):
    assert response.status_code == 200
    ours, library = parse_html(rendered(OURS, response)), parse_html(library_markup(response))
    assert ours == library, f"{response.wsgi_request.get_full_path()}: the table's markup differs from the library's"


def every_column(user, entity) -> None:
    table = entity.table
    TablePreference.objects.update_or_create(
        user=user, table=entity.model._meta.model_name, defaults={"columns": list(table.base_columns)}
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def leader(db):
    return factories.UserFactory(username="markup-leder", is_superuser=True, is_staff=True)


def test_every_list_draws_the_library_markup_with_every_column(demo, leader, client):
    client.force_login(leader)
    lists = [entity for entity in registry.entities() if entity.table is not None and entity.views]
    assert len(lists) >= 9
    checked = 0
    for entity in lists:
        try:
            url = reverse(f"{entity.model._meta.model_name}_list")
        except NoReverseMatch:  # an entity without a list page of its own (affiliations, invitations)
            continue
        for columns in ("default", "every"):
            if columns == "every":
                every_column(leader, entity)
            for query in ("?per_page=250", "?per_page=25&page=2", "?per_page=25&q=zzzzzz-nothing"):
                assert_same_markup(client.get(url + query))
                checked += 1
    assert checked >= 9 * 6


def test_sorted_lists_and_the_event_invitations_draw_the_library_markup(demo, leader, client):
    client.force_login(leader)
    for url in ("/organisations/?sort=-name", "/contacts/?sort=last_meeting", "/meetings/?sort=-starts_at"):
        assert_same_markup(client.get(url))
    event = Event.objects.order_by("pk").first()
    assert_same_markup(client.get(f"/events/{event.pk}/?per_page=250"))


def test_date_column_gives_what_the_library_template_gave():
    column = DateColumn()
    table_default = "—"

    class Bound:
        default = table_default

    moment = timezone.make_aware(datetime.datetime(2026, 1, 31, 23, 30), datetime.UTC)
    for value in (datetime.date(2026, 3, 4), moment, None, ""):
        library = super(DateColumn, column).render(
            record=None, table=None, value=value, bound_column=Bound(), bound_row=type("R", (), {"row_counter": 0})
        )
        assert column.render(value=value, bound_column=Bound()) == library
    assert column.render(value=moment, bound_column=Bound()) == "01.02.2026"  # the local day in Copenhagen


def test_organisation_and_contact_rows_look_as_before(leader, client):
    client.force_login(leader)
    owner = factories.UserFactory(username="ejer", first_name="Eva", last_name="Ejer")
    parent = factories.MunicipalityFactory(name="Aarhus Kommune")
    organisation = factories.HousingOrganisationFactory(
        name="Landsbyggefonden", short_name="LBF", parent=parent, owner=owner
    )
    contact = factories.ContactFactory(first_name="Mona", last_name="Madsen", do_not_contact=True)
    factories.AffiliationFactory(contact=contact, organisation=organisation, title="Direktør")
    pins = {
        "/organisations/?sort=name": [
            f'<td class="cell-main"><a href="/organisations/{organisation.pk}/">Landsbyggefonden '
            '<span class="text-body-secondary small">LBF</span></a></td>',
            f'<td ><a href="/organisations/{parent.pk}/">Aarhus Kommune</a></td>',
            '<td ><span class="badge text-bg-light border" data-status="housing_organisation">Boligorganisation</span></td>',
            "<td >Eva Ejer</td>",
            '<td class="text-nowrap">—</td>',  # no meeting yet
            '<td class="text-end">—</td>',  # no contacts
            f'<td class="text-end"><a href="/contacts/?organisation={organisation.pk}">1</a></td>',
            '<tr class="even">',
            '<tr class="odd">',
        ],
        "/contacts/": [
            f'<td class="cell-main"><a href="/contacts/{contact.pk}/">Mona Madsen <i class="bi bi-slash-circle '
            'text-danger" title="Må ikke kontaktes" aria-label="Må ikke kontaktes"></i></a></td>',
            f'<td ><a href="/organisations/{organisation.pk}/">Landsbyggefonden</a>'
            '<div class="small text-body-secondary">Direktør</div></td>',
        ],
    }
    for url, cells in pins.items():
        response = client.get(url)
        page, library = response.content.decode(), library_markup(response)
        for cell in cells:
            assert cell in library, f"{url}: the library does not draw {cell}"
            assert cell in page, f"{url}: the page does not show {cell}"

"""A per-entity view-test harness (after NetBox's ``utilities/testing/views.py`` ``ViewTestCases``).

A test class per entity sets a few attributes and inherits the checks every entity's standard pages must pass:

``ListViewTests``        the list answers 200 and shows the object
``DetailViewTests``      the detail page answers 200 and shows the object
``AddViewTests``         GET shows the form; POST of valid data creates exactly one object and redirects to it
``EditViewTests``        GET shows the form; POST changes the object and redirects to it
``DeleteViewTests``      GET asks for confirmation; POST deletes (or, where the object is protected, answers 409)
``ExportViewTests``      ``?export=csv|xlsx`` of the list: 200, the right content type, the object in the file
``ImportViewTests``      the import page with ``?entity=`` offers the entity (or, if not importable, does not)
``PermissionTests``      every view as anonymous (302 to login), without role (403), manager and staff
``QueryBudgetTests``     every view within its pinned number of database queries

``PrimaryObjectViewTests`` is all of them. Example::

    class TestEvents(PrimaryObjectViewTests):
        model = Event
        url_base = "event"
        factory = factories.EventFactory
        display_attr = "name"
        form_data = {"name": "Nytårskur 2028", "kind": "new_year_reception", "starts_at": "2028-01-06T15:00"}
        edit_changes = {"name": "Nytårskur 2029"}
        import_key = "events"
        importable = False
        list_query_budget = 20
        ...

The query budgets are today's counts, pinned exactly: a change that adds a query to a page fails here until the
budget is raised on purpose, and one that saves a query fails until the budget is lowered to the new count (so a
budget never keeps room for a regression). Every count is taken after one warm-up request, so process-wide caches
(content types, translations) do not make the counts depend on the order the tests run in.
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

VIEWS = ("list", "detail", "add", "edit", "delete", "export", "import")
OBJECT_VIEWS = {"detail", "edit", "delete"}
WRITE_VIEWS = {"add", "edit", "delete", "import"}  # a POST to these is refused like the GET
PAGE_BUDGETED_VIEWS = ("list", "detail", "add", "edit", "delete")
EXPORT_BUDGETED_VIEWS = ("export_csv", "export_xlsx")  # only for an exportable entity
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def form_errors(response) -> str:
    """The form's and formsets' errors of a page shown again, for an assertion message."""
    context = getattr(response, "context", None)
    if not context:
        return f"status {response.status_code}"
    errors = []
    if context.get("form") is not None:
        errors.append(f"form: {context['form'].errors.as_data()}")
    for prefix, formset in (context.get("formsets") or {}).items():
        errors.append(f"{prefix}: {formset.errors} {formset.non_form_errors()}")
    return f"status {response.status_code}; " + "; ".join(errors)


def response_bytes(response) -> bytes:
    """The body of a response, read to the end if it is streamed (a large export, a FileResponse)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def export_cells(content: bytes, export_format: str) -> list[str]:
    """Every cell of an exported file as text (CSV with or without BOM, any delimiter the export offers)."""
    if export_format == "csv":
        text = content.decode("utf-8-sig")
        heading = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=heading.count)  # the headings hold no delimiter of their own
        return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        return [
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
    finally:
        workbook.close()


@pytest.mark.django_db
class ViewTestCase:
    """The configuration every mixin reads. Subclasses set the attributes; the methods are the hooks to override."""

    model = None  # the model class
    url_base = ""  # URL names <url_base>_list, _add, _detail, _edit, _delete
    factory = None  # a factory_boy factory for a plain object of the model
    display_attr = ""  # the attribute that names the object on its pages and in its export (default: str(obj))
    list_params = ""  # a query string the list is asked with (e.g. a filter the default view needs)
    form_data: dict = {}  # valid POST data for the add and edit forms (get_form_data adds what needs a pk)
    edit_changes: dict = {}  # fields the edit test changes: {attribute: new value}, checked on the saved object
    protected = False  # whether some objects cannot be deleted (then create_protected_object makes one)
    exportable = True  # the list offers CSV/XLSX
    importable = True  # files of this entity can be imported (the import page offers it)
    import_key = ""  # the entity's key in the registry and in ``/import/?entity=``
    manager_views = frozenset({"list", "detail", "export"})  # what management may open; staff may open all
    list_rows = 3  # objects on the list when its queries are counted

    list_query_budget: int | None = None
    detail_query_budget: int | None = None
    add_query_budget: int | None = None
    edit_query_budget: int | None = None
    delete_query_budget: int | None = None
    export_csv_query_budget: int | None = None
    export_xlsx_query_budget: int | None = None

    # Tests that only exist for entities with the feature: (flag, tests dropped from the class without it).
    optional_tests = {
        "protected": ("test_delete_of_protected_object_is_refused",),
        "exportable": ("test_export_query_budget",),
    }

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__module__ == __name__:
            return  # the harness's own mixins keep every test
        for flag, names in cls.optional_tests.items():
            for name in names:
                if not getattr(cls, flag):
                    setattr(cls, name, None)  # pytest collects no test of that name
                elif getattr(cls, name, None) is None:
                    setattr(cls, name, next(getattr(b, name) for b in cls.__mro__ if getattr(b, name, None)))

    # --- hooks ------------------------------------------------------------------------------------------------------

    def create_object(self, *, user):
        """A saved object the pages show; ``user`` is the staff user the tests log in as."""
        return self.factory()

    def create_protected_object(self, *, user):
        """A saved object other records depend on so that it cannot be deleted (when ``protected``)."""
        raise NotImplementedError(f"{type(self).__name__} sets protected = True but makes no protected object")

    def get_form_data(self, *, user, obj=None) -> dict:
        """Valid POST data for the add form (``obj`` None) and the edit form of ``obj``."""
        return dict(self.form_data)

    def display_text(self, obj) -> str:
        return str(getattr(obj, self.display_attr) if self.display_attr else obj)

    def success_url(self, obj) -> str:
        """Where add and edit go after saving."""
        return self.url("detail", obj)

    def delete_success_url(self, obj) -> str:
        return self.url("list")

    # --- helpers ----------------------------------------------------------------------------------------------------

    def url(self, action: str, obj=None) -> str:
        return reverse(f"{self.url_base}_{action}", args=[obj.pk] if obj is not None else [])

    def list_url(self) -> str:
        return self.url("list") + (f"?{self.list_params}" if self.list_params else "")

    def export_url(self, export_format: str) -> str:
        return self.url("list") + f"?{self.list_params + '&' if self.list_params else ''}export={export_format}"

    def view_url(self, view: str, obj) -> str:
        """The URL a GET of ``view`` asks for (``obj`` for the views of one object)."""
        if view == "list":
            return self.list_url()
        if view.startswith("export"):
            return self.export_url(view.partition("_")[2] or "csv")
        if view == "import":
            return f"{reverse('import_start')}?entity={self.import_key}"
        return self.url(view, obj if view in OBJECT_VIEWS else None)

    def assert_shows(self, response, obj):
        text = self.display_text(obj)
        assert text, f"{type(self).__name__}: {obj!r} has no display text"
        assert escape(text) in response.content.decode(), f"{response.request['PATH_INFO']} does not show {text!r}"

    def snapshot(self, obj) -> dict | None:
        """The object's row as the database holds it (None once deleted): a refused write must leave it as it was."""
        return self.model.objects.filter(pk=obj.pk).values().first()

    def get_ok(self, client, url: str):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url}: {form_errors(response)}"
        return response


class ListViewTests(ViewTestCase):
    def test_list_shows_the_object(self, staff_client, staff_user):
        obj = self.create_object(user=staff_user)
        response = self.get_ok(staff_client, self.list_url())
        records = [row.record for row in response.context["table"].page.object_list]
        assert obj.pk in [getattr(r, "pk", None) for r in records], f"{obj!r} is not a row of the list"
        self.assert_shows(response, obj)


class DetailViewTests(ViewTestCase):
    def test_detail_shows_the_object(self, staff_client, staff_user):
        obj = self.create_object(user=staff_user)
        response = self.get_ok(staff_client, self.url("detail", obj))
        assert response.context["object"] == obj
        self.assert_shows(response, obj)

    def test_unknown_object_is_404(self, staff_client):
        assert staff_client.get(reverse(f"{self.url_base}_detail", args=[2_000_000_000])).status_code == 404


class AddViewTests(ViewTestCase):
    def test_add_shows_the_form(self, staff_client):
        response = self.get_ok(staff_client, self.url("add"))
        assert response.context["form"] is not None and not response.context["form"].is_bound

    def test_add_creates_exactly_one_object(self, staff_client, staff_user):
        data = self.get_form_data(user=staff_user)
        before = set(self.model.objects.values_list("pk", flat=True))
        response = staff_client.post(self.url("add"), data)
        assert response.status_code == 302, f"the valid add data was refused: {form_errors(response)}"
        created = list(self.model.objects.exclude(pk__in=before))
        assert len(created) == 1, f"{len(created)} objects were created"
        assert response["Location"] == self.success_url(created[0])
        if self.display_attr in data:
            assert self.display_text(created[0]) == str(data[self.display_attr])

    def test_add_of_empty_form_saves_nothing(self, staff_client, staff_user):
        count = self.model.objects.count()
        response = staff_client.post(self.url("add"), {})
        assert response.status_code == 200 and response.context["form"].errors
        assert self.model.objects.count() == count


class EditViewTests(ViewTestCase):
    def test_edit_shows_the_form_with_the_object(self, staff_client, staff_user):
        obj = self.create_object(user=staff_user)
        response = self.get_ok(staff_client, self.url("edit", obj))
        assert response.context["form"].instance == obj

    def test_edit_changes_the_object(self, staff_client, staff_user):
        assert self.edit_changes, f"{type(self).__name__} sets no edit_changes"
        obj = self.create_object(user=staff_user)
        data = {**self.get_form_data(user=staff_user, obj=obj), **self.edit_changes}
        count = self.model.objects.count()
        response = staff_client.post(self.url("edit", obj), data)
        assert response.status_code == 302, f"the valid edit data was refused: {form_errors(response)}"
        obj.refresh_from_db()
        assert response["Location"] == self.success_url(obj)
        for name, value in self.edit_changes.items():
            assert getattr(obj, name) == value, f"{name} is {getattr(obj, name)!r} after the edit, not {value!r}"
        assert self.model.objects.count() == count, "the edit created or deleted objects"


class DeleteViewTests(ViewTestCase):
    def test_delete_asks_for_confirmation(self, staff_client, staff_user):
        obj = self.create_object(user=staff_user)
        response = self.get_ok(staff_client, self.url("delete", obj))
        assert response.context["protected"] == [], "a plain object is shown as protected"
        self.assert_shows(response, obj)
        assert self.model.objects.filter(pk=obj.pk).exists(), "the GET deleted the object"

    def test_delete_deletes_the_object(self, staff_client, staff_user):
        obj = self.create_object(user=staff_user)
        success_url = self.delete_success_url(obj)
        response = staff_client.post(self.url("delete", obj))
        assert response.status_code == 302, f"status {response.status_code}"
        assert response["Location"] == success_url
        assert not self.model.objects.filter(pk=obj.pk).exists()

    def test_delete_of_protected_object_is_refused(self, staff_client, staff_user):
        obj = self.create_protected_object(user=staff_user)
        response = self.get_ok(staff_client, self.url("delete", obj))
        assert response.context["protected"], "the confirmation does not say what protects the object"
        response = staff_client.post(self.url("delete", obj))
        assert response.status_code == 409, f"status {response.status_code}"
        assert self.model.objects.filter(pk=obj.pk).exists()


class ExportViewTests(ViewTestCase):
    @pytest.mark.parametrize("export_format", ["csv", "xlsx"])
    def test_export_of_the_list(self, staff_client, staff_user, export_format):
        obj = self.create_object(user=staff_user)
        response = staff_client.get(self.export_url(export_format))
        if not self.exportable:
            assert response.status_code == 403, f"{type(self).__name__} is not exportable but exported"
            return
        assert response.status_code == 200, f"status {response.status_code}"
        assert response["Content-Type"] == CONTENT_TYPES[export_format]
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(f'.{export_format}"'), disposition
        cells = export_cells(response_bytes(response), export_format)
        assert self.display_text(obj) in cells, f"the {export_format} export has no cell {self.display_text(obj)!r}"


class ImportViewTests(ViewTestCase):
    def test_import_page_for_the_entity(self, staff_client):
        assert self.import_key, f"{type(self).__name__} sets no import_key"
        response = self.get_ok(staff_client, f"{reverse('import_start')}?entity={self.import_key}")
        form = response.context["form"]
        offered = {key for key, _label in form.fields["entity"].choices}
        if self.importable:
            assert self.import_key in offered, f"the import page does not offer {self.import_key}"
            assert form.initial.get("entity") == self.import_key, "?entity= does not choose the entity"
        else:
            assert self.import_key not in offered, f"the import page offers {self.import_key}"
            assert "entity" not in form.initial

    def test_import_page_accepts_the_model_name(self, staff_client):
        response = self.get_ok(staff_client, f"{reverse('import_start')}?entity={self.model._meta.model_name}")
        chosen = response.context["form"].initial.get("entity")
        assert chosen == (self.import_key if self.importable else None), f"?entity= chooses {chosen!r}"


class PermissionTests(ViewTestCase):
    def _post(self, client, view: str, obj, user):
        """POST to a write view; returns the response (the object and the count must not change when refused)."""
        if view == "import":
            return client.post(reverse("import_start"), {"entity": self.import_key})
        if view == "delete":
            data = {}
        elif view == "edit":  # with the changes, so that a permission hole would show in the saved object
            data = {**self.get_form_data(user=user, obj=obj), **self.edit_changes}
        else:
            data = self.get_form_data(user=user)
        return client.post(self.url(view, obj if view in OBJECT_VIEWS else None), data)

    def _assert_refused(self, client, view: str, obj, user, status: int):
        url = self.view_url(view, obj)
        response = client.get(url)
        assert response.status_code == status, f"GET {url}: {response.status_code}, expected {status}"
        if status == 302:
            assert response["Location"].startswith(reverse("login")), response["Location"]
        if view in WRITE_VIEWS:
            count, before = self.model.objects.count(), self.snapshot(obj)
            response = self._post(client, view, obj, user)
            assert response.status_code == status, f"POST {view}: {response.status_code}, expected {status}"
            assert self.model.objects.count() == count, f"a refused POST to {view} changed the number of objects"
            assert self.snapshot(obj) == before, f"a refused POST to {view} changed {obj!r}"

    @pytest.mark.parametrize("view", VIEWS)
    def test_anonymous_is_sent_to_login(self, client, staff_user, view):
        obj = self.create_object(user=staff_user)
        self._assert_refused(client, view, obj, staff_user, 302)

    @pytest.mark.parametrize("view", VIEWS)
    def test_user_without_role_is_refused(self, client, plain_user, staff_user, view):
        obj = self.create_object(user=staff_user)
        client.force_login(plain_user)
        self._assert_refused(client, view, obj, staff_user, 403)

    @pytest.mark.parametrize("view", VIEWS)
    def test_manager(self, manager_client, staff_user, view):
        obj = self.create_object(user=staff_user)
        if view in self.manager_views and (view != "export" or self.exportable):
            self.get_ok(manager_client, self.view_url(view, obj))
        else:
            self._assert_refused(manager_client, view, obj, staff_user, 403)

    @pytest.mark.parametrize("view", VIEWS)
    def test_staff(self, staff_client, staff_user, view):
        obj = self.create_object(user=staff_user)
        if view == "export" and not self.exportable:
            assert staff_client.get(self.view_url(view, obj)).status_code == 403
        else:
            self.get_ok(staff_client, self.view_url(view, obj))


class QueryBudgetTests(ViewTestCase):
    def count_queries(self, client, url: str) -> tuple[int, list[str]]:
        """The queries of one GET of ``url``, after one warm-up GET (process-wide caches filled)."""
        response_bytes(client.get(url))  # read to the end: a streamed export queries while it is read
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            response_bytes(response)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]

    def assert_within_budget(self, client, view: str, url: str):
        budget = getattr(self, f"{view}_query_budget", None)
        assert budget is not None, f"{type(self).__name__} sets no {view}_query_budget"
        count, queries = self.count_queries(client, url)
        assert count <= budget, f"{view} ({url}): {count} queries, budget {budget}:\n" + "\n".join(queries)
        assert count == budget, f"{view} ({url}): {count} queries, fewer than the budget: lower it to {count}"
        return count

    def budget_objects(self, view: str, *, user) -> list:
        """The objects a counted page shows: ``list_rows`` of them, so a query per row shows in the count."""
        return [self.create_object(user=user) for _ in range(self.list_rows if view != "add" else 1)]

    @pytest.mark.parametrize("view", PAGE_BUDGETED_VIEWS)
    def test_query_budget(self, staff_client, staff_user, view):
        objects = self.budget_objects(view, user=staff_user)
        self.assert_within_budget(staff_client, view, self.view_url(view, objects[0]))

    @pytest.mark.parametrize("view", EXPORT_BUDGETED_VIEWS)
    def test_export_query_budget(self, staff_client, staff_user, view):
        objects = self.budget_objects(view, user=staff_user)
        self.assert_within_budget(staff_client, view, self.view_url(view, objects[0]))


class PrimaryObjectViewTests(
    ListViewTests,
    DetailViewTests,
    AddViewTests,
    EditViewTests,
    DeleteViewTests,
    ExportViewTests,
    ImportViewTests,
    PermissionTests,
    QueryBudgetTests,
):
    """Every check of the harness, for an entity with the five standard pages, export and import."""

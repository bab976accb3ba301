"""The base resources: export of values and objects (``BaseResource``), and the import machinery (``ImportResource``).

``ImportResource`` keeps django-import-export's row cycle — match, fill, validate, save, report per row — and makes it
fast and all-or-nothing:

* rows are matched by natural keys (``find_existing``) in dictionaries loaded once in ``before_import``
  (``partners.transfer.lookups``), never by a query per row;
* each row is validated like ``full_clean()`` (field validators, the model's ``clean()``) plus the database's unique
  and check constraints, which are checked against the same dictionaries instead of by a query each;
* rows are written in bulk (``use_bulk``; ``partners.transfer.writing``), with their history
  (``history_change_reason = "import:<batch id>"``), only while every row before them was valid, inside the one
  transaction of the import.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets

from ..models import Tag
from ..models.imports import ImportMode
from . import exporting, writing
from .lookups import LookupError_, Lookups, chunks, norm
from .values import as_text, parse_date, parse_int
from .widgets import BooleanWidget, ChoiceWidget, LookupWidget, OrganisationWidget, UserWidget

WRITE_BATCH = 5000  # rows written at a time (COPY, or INSERT/UPDATE statements of up to 1,000)


class BaseResource(resources.ModelResource):
    related = ()  # select_related
    prefetch = ()  # prefetch_related

    def export_queryset(self, queryset):
        return queryset.select_related(*self.related).prefetch_related(*self.prefetch)

    def export(self, queryset=None, **kwargs):
        queryset = self.export_queryset(queryset if queryset is not None else self.get_queryset())
        return super().export(queryset=queryset, **kwargs)

    def export_row(self, obj) -> list:
        """``export_resource`` with the per-field dispatch worked out once (exports run it 100,000 times)."""
        exporters = getattr(self, "_exporters", None)
        if exporters is None:
            exporters = []
            for export_field in self.get_export_fields():
                name = self.get_field_name(export_field)
                method = getattr(self, export_field.get_dehydrate_method(name), None)
                exporters.append(method if callable(method) else export_field.export)
            self._exporters = exporters
        return [export(obj) for export in exporters]

    # --- export by values ----------------------------------------------------------------------------------------

    def export_expressions(self) -> dict:
        """Columns of a ``dehydrate_<name>`` method as ``exporting.Related`` look-ups: name → column."""
        return {}

    def export_columns(self) -> list | None:
        """Each export column as ``exporting.Value`` or ``exporting.Related`` — or None if objects are needed.

        Reading values instead of building model objects (and their prefetched relations) is what makes an export
        of 100,000 rows take seconds. Many-to-many columns are looked up once per chunk of rows, in the related
        model's order, so the text is the same as ``export_row`` writes (the tests compare the two).
        """
        cached = getattr(self, "_export_columns", None)
        if cached is not None:
            return cached
        model = self._meta.model
        custom = self.export_expressions()
        columns = []
        for export_field in self.get_export_fields():
            name = self.get_field_name(export_field)
            if name in custom:
                columns.append(custom[name])
                continue
            if callable(getattr(self, export_field.get_dehydrate_method(name), None)) or not export_field.attribute:
                return None
            widget = export_field.widget
            if isinstance(widget, widgets.ManyToManyWidget):
                columns.append(exporting.Related(related_names(model, export_field.attribute, widget), text))
            elif isinstance(widget, widgets.ForeignKeyWidget):
                columns.append(exporting.Value(f"{export_field.attribute}__{widget.field}", text))
            else:
                columns.append(exporting.Value(export_field.attribute, fast_render(widget)))
        self._export_columns = columns
        return columns


text = exporting.text


def fast_render(widget):
    """What ``widget.render`` does, worked out once per export instead of once per cell."""
    if isinstance(widget, ChoiceWidget):
        labels = {key: str(label) for key, label in widget.choices.items()}
        return lambda value: labels.get(value, value or "") if value is not None else ""
    if isinstance(widget, BooleanWidget):
        yes, no = str(_("Yes")), str(_("No"))
        return lambda value: yes if value else no
    if isinstance(widget, widgets.DateTimeWidget):
        pattern = widget.formats[0]
        return lambda value: timezone.localtime(value).strftime(pattern) if value else ""
    if isinstance(widget, widgets.DateWidget):
        pattern = widget.formats[0]
        return lambda value: value.strftime(pattern) if value else ""
    if isinstance(widget, widgets.CharWidget | widgets.NumberWidget) or type(widget) is widgets.Widget:
        return text
    return lambda value: widget.render(value)


def related_names(model, attribute: str, widget) -> "exporting.RelatedNames":
    relation = model._meta.get_field(attribute)
    target = relation.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in relation.related_model._meta.ordering or ["pk"]
    ]
    return exporting.RelatedNames(
        through=relation.remote_field.through,
        source=f"{relation.m2m_field_name()}_id",
        name_path=f"{target}__{widget.field}",
        ordering=ordering,
        separator=widget.separator,
    )


class ImportResource(BaseResource):
    """A resource that also imports; see the module docstring. Subclasses set the hooks marked "subclass"."""

    # Headings accepted besides the field name and the export heading in Danish and English (case-insensitive).
    aliases: dict[str, tuple[str, ...]] = {}
    # Columns only an import reads (not exported), as field key → headings.
    extra_columns: dict[str, tuple[str, ...]] = {}
    # The headings of the import-only columns, as shown on the import pages.
    extra_labels: dict[str, str] = {}
    # Columns a file must have, per mode: each item is a tuple of keys of which at least one must be present.
    required: dict[str, tuple[tuple[str, ...], ...]] = {}
    # Columns that are written in exports but never imported (shown as "not imported" in the preview).
    informational: tuple[str, ...] = ()
    model_label = _("row")

    class Meta:
        use_bulk = True
        batch_size = WRITE_BATCH
        skip_diff = True  # the preview's changed fields come from ``changes()``, without a deep copy per row
        skip_html_diff = True
        report_skipped = True
        clean_model_instances = False  # validate_instance() does it, without a query per row
        import_id_fields = ()

    def __init__(self, *, for_import=False, mode=ImportMode.CREATE_UPDATE, user=None, batch=None, **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
        self.user = user
        self.batch = batch
        self.progress = None  # called with the number of rows done, now and then
        self.preview_values_left = 200
        self.lookups = Lookups()
        if for_import:
            # The import service renames the file's columns to field keys; the headings are then language-free.
            for key, resource_field in self.fields.items():
                resource_field.column_name = key
            for resource_field in self.fields.values():
                if isinstance(resource_field.widget, LookupWidget):
                    resource_field.widget.lookups = self.lookups

    # --- columns -----------------------------------------------------------------------------------------------

    @classmethod
    def column_keys(cls) -> list[str]:
        """The column keys in export order, then the import-only ones."""
        ordered = [key for key in (cls._meta.fields or ()) if key in cls.fields]
        return [*ordered, *(key for key in cls.fields if key not in ordered), *cls.extra_columns]

    @classmethod
    def header_aliases(cls) -> dict[str, str]:
        """Normalised heading → field key: field names, export headings (Danish and English) and ``aliases``."""
        aliases: dict[str, str] = {}
        for key, resource_field in cls.fields.items():
            names = {key, key.replace("_", " "), *cls.aliases.get(key, ())}
            for language in ("da", "en"):
                with translation.override(language):
                    names.add(str(resource_field.column_name))
            for name in names:
                aliases.setdefault(norm(name), key)
        for key, names in cls.extra_columns.items():
            for name in (key, key.replace("_", " "), *names):
                aliases.setdefault(norm(name), key)
        return aliases

    @classmethod
    def label(cls, key: str) -> str:
        """The heading of a column in the active language (for messages about a column the file lacks)."""
        if key in cls.fields:
            return str(cls.fields[key].column_name)
        if key in cls.extra_labels:
            return str(cls.extra_labels[key])
        names = cls.extra_columns.get(key)
        return names[0] if names else key

    @classmethod
    def missing_columns(cls, keys: set[str], mode: str) -> list[str]:
        missing = []
        for alternatives in cls.required.get(mode, cls.required.get("*", ())):
            if not keys.intersection(alternatives):
                missing.append(gettext(" or ").join(f"“{cls.label(key)}”" for key in alternatives))
        return missing

    # --- django-import-export hooks ----------------------------------------------------------------------------

    def get_import_fields(self):
        # Worked out once, and only the file's columns: django-import-export would rebuild the ordered list of all
        # fields for every field of every row.
        cached = getattr(self, "_import_fields", None)
        if cached is None:
            cached = super().get_import_fields()
            headers = getattr(self, "headers", None)
            if headers is not None:
                cached = [f for f in cached if f.column_name in headers]
            self._import_fields = cached
        return cached

    def before_import(self, dataset, **kwargs):
        self.dry_run = kwargs.get("dry_run", False)
        self.failed = False
        # id(instance) → (the row that matched or created it, the instance: held, so that its id is not reused)
        self.claimed: dict[int, tuple[int, object]] = {}
        self.headers = set(dataset.headers or ())
        self._import_fields = None
        self._clean_exclude = None
        self._snapshot_attnames = None
        self.rows_done = 0
        self.change_reason = self.batch.change_reason if self.batch else "import"
        self.prepare(dataset)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs.get("row_number")
        row_result.skip_reason = self.row_skip
        row_result.changes = self.row_changes or []
        if row_result.import_type == "new" and self.preview_values_left > 0:
            # What a new row brings, for the preview (only for the rows it shows: 100,000 would cost memory).
            self.preview_values_left -= 1
            row_result.values = [(key, value) for key, value in row.items() if key != "id" and as_text(value)]
        if not row_result.object_repr:
            # A row that made no object (skipped by the mode) is shown by what it says.
            row_result.object_repr = " · ".join(as_text(value) for value in row.values() if as_text(value))[:120]
        if not row_result.is_valid():
            self.failed = True  # nothing after this row is written; the transaction is rolled back at the end
        self.rows_done += 1
        if self.progress and self.rows_done % 1000 == 0:
            self.progress(self.rows_done)
        return row_result

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        self.row_skip = None
        self.row_changes = None
        self.row_snapshot = None
        self.row_relation_changes = []

    def init_instance(self, row=None):
        """A new object, marked as new. Copied from a prepared one: ``Model()`` works out every field's default each
        time, which costs as much as the rest of a row's reading (the guard keeps callable defaults fresh)."""
        model = self._meta.model
        prototype = getattr(self, "_prototype", None)
        if prototype is None:
            fresh = any(callable(f.default) for f in model._meta.concrete_fields if f.has_default())
            prototype = self._prototype = False if fresh else model()
        if prototype is False:
            instance = model()
        else:
            instance = model.__new__(model)
            instance.__dict__.update(prototype.__dict__)
            instance._state = ModelState()
        instance._import_new = True
        return instance

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def get_or_init_instance(self, instance_loader, row):
        instance = self.get_instance(instance_loader, row)
        if instance is not None:
            earlier = self.claimed.get(id(instance))
            if earlier is not None:
                message = gettext("The same %(what)s is also in row %(row)s.") % {
                    "what": self.model_label,
                    "row": self.sheet_row(earlier[0]),
                }
                raise ValidationError({NON_FIELD_ERRORS: message})
            self.claimed[id(instance)] = (self.row_number, instance)
            if self.mode == ImportMode.CREATE:
                self.row_skip = "exists"
            return instance, False
        if self.mode == ImportMode.UPDATE:
            self.row_skip = "missing"
        instance = self.init_instance(row)
        self.claimed[id(instance)] = (self.row_number, instance)  # a later row with its key is a duplicate of it
        return instance, True

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new and not self.row_skip:
            self.row_snapshot = self.snapshot(instance)

    def import_instance(self, instance, row, **kwargs):
        if self.row_skip:
            return
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.import_relations(instance, row, new=self.row_snapshot is None)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        except LookupError_ as error:
            errors = ValidationError({NON_FIELD_ERRORS: str(error)}).update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.row_skip:
            return True
        if import_validation_errors:
            return False
        if self.row_snapshot is None:
            return False  # a new row
        self.row_changes = self.changes(instance)
        return not self.row_changes

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean()`` without its queries: the unique and check constraints are checked in ``validate_row``."""
        errors = dict(import_validation_errors or {})
        if self._clean_exclude is None:
            # Foreign keys were resolved from the database by the lookups (Django's check would query once per
            # row); fields the file does not fill keep their default or stored value, valid already — except a
            # required field without a default, which must be reported when it is missing.
            imported = {f.attribute for f in self.get_import_fields()} | set(self.headers)
            self._relations = [f for f in instance._meta.concrete_fields if f.is_relation]
            self._clean_exclude = {f.name for f in self._relations} | {
                f.name
                for f in instance._meta.concrete_fields
                if f.name not in imported and (f.blank or f.has_default())
            }
        try:
            instance.clean_fields(exclude=set(errors) | self._clean_exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for relation in self._relations:
            missing = getattr(instance, relation.attname) is None and relation.get_cached_value(instance, None) is None
            if not relation.null and missing and relation.name not in errors:
                errors[relation.name] = [ValidationError(relation.error_messages["null"], code="null")]
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            try:
                self.validate_row(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create:
            model_keys = {key for key, _attribute in self.model_fields()}
            instance._import_changed_fields = [key for key, _old, _new in self.row_changes or () if key in model_keys]
        super().save_instance(instance, is_create, row, **kwargs)
        self.register(instance, is_create)

    def save_m2m(self, instance, row, **kwargs):
        pass  # relations are written in bulk by write_created() / write_updated()

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and not dry_run and not self.failed:
            try:
                self.write_created(list(self.create_instances))
            except Exception as error:
                self.failed = True
                self.handle_import_error(result, error, raise_errors)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not dry_run and not self.failed:
            try:
                self.write_updated(list(self.update_instances))
            except Exception as error:
                self.failed = True
                self.handle_import_error(result, error, raise_errors)
        self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        pass  # rows get ids from their sequence (never from the file), so there is no sequence to reset

    # --- helpers for subclasses --------------------------------------------------------------------------------

    def sheet_row(self, number: int) -> int:
        """The spreadsheet row of data row ``number`` (set by the import service; blank rows are not counted)."""
        row_numbers = getattr(self, "row_numbers", None)
        return row_numbers[number - 1] if row_numbers and 0 < number <= len(row_numbers) else number + 1

    def has(self, key: str) -> bool:
        return key in self.headers

    def model_fields(self) -> list[tuple[str, str]]:
        """(key, attribute) of the importable fields stored on the model row itself."""
        cached = getattr(self, "_model_fields", None)
        if cached is None:
            cached = self._model_fields = [
                (key, f.attribute)
                for key, f in self.fields.items()
                if not f.readonly and f.attribute and not isinstance(f.widget, widgets.ManyToManyWidget)
            ]
        return cached

    def snapshot(self, instance) -> dict:
        """The stored values of the file's model columns; a foreign key by its id (reading the related object of
        an object loaded without it would cost a query per row: the owner of every contact of a re-import)."""
        attnames = getattr(self, "_snapshot_attnames", None)
        if attnames is None:
            attnames = self._snapshot_attnames = {
                key: _stored_attname(self._meta.model, attribute)
                for key, attribute in self.model_fields()
                if key in self.headers
            }
        values = {}
        for key, attname in attnames.items():
            value = getattr(instance, attname, None)
            values[key] = value.pk if isinstance(value, Model) else value
        return values

    def changes(self, instance) -> list[tuple[str, object, object]]:
        """(key, old, new) of every value the row changes."""
        changed = []
        for key, old in self.row_snapshot.items():
            new = getattr(instance, self.fields[key].attribute, None)
            if (new.pk if isinstance(new, Model) else new) != old:
                changed.append((key, self._display_old(key, old), new))
        return changed + self.row_relation_changes

    def _display_old(self, key, old):
        widget = self.fields[key].widget
        if isinstance(widget, OrganisationWidget) and old is not None:
            found = self.lookups.organisations.by_id.get(old)
            return found.name if found else old
        if isinstance(widget, UserWidget) and old is not None:
            found = next((user for user in self.lookups.users.values() if user.pk == old), None)
            return str(found) if found else old
        return old

    def display(self, key: str, value) -> str:
        """A value as the preview shows it."""
        if value is None:
            return ""
        if isinstance(value, Model):
            return str(value)
        if isinstance(value, list | tuple | set):
            return ", ".join(self.display(key, v) for v in value)
        resource_field = self.fields.get(key)
        if resource_field is not None and not isinstance(resource_field.widget, widgets.ManyToManyWidget):
            try:
                return str(resource_field.widget.render(value))
            except Exception:  # a value of an unexpected type is still shown
                return str(value)
        return str(value)

    def cell(self, row, key):
        return row.get(key) if key in self.headers else None

    def parse_pk(self, row):
        """The ID column (as written by the export), or None."""
        value = self.cell(row, "id")
        if value in (None, ""):
            return None
        try:
            return parse_int(value)
        except ValueError as error:
            raise ValidationError({"id": str(error)}) from None

    def unknown_id(self, pk):
        return ValidationError(
            {
                "id": gettext(
                    "No %(what)s has ID %(id)s. Leave the ID column empty to create a new one, or remove the column."
                )
                % {"what": self.model_label, "id": pk}
            }
        )

    def names_in(self, row, key: str) -> list[str] | None:
        """The names in a many-to-many column, or None when the file has no such column."""
        if key not in self.headers:
            return None
        return self.fields[key].widget.split(row.get(key))

    def resolve_relations(self, instance, row, resolvers: dict, current_ids: dict, *, new: bool) -> dict:
        """Resolve each many-to-many column's names and stage the change on ``instance._import_<key>``.

        ``resolvers``: column key → callable(name) → object (raising LookupError_); ``current_ids``: column key →
        {pk → set of related ids in the database}. Returns the errors by column; a column with errors stages nothing.
        """
        errors = {}
        for key, resolve in resolvers.items():
            names = self.names_in(row, key)
            if names is None:
                continue
            found, problems = [], []
            for name in names:
                try:
                    found.append(resolve(name))
                except LookupError_ as error:
                    problems.append(str(error))
            if problems:
                errors[key] = problems
                continue
            found = list({id(obj): obj for obj in found}.values())  # two names of one record ("LBF|Landsbyggefonden")
            old = current_ids[key].get(instance.pk, set())
            setattr(instance, f"_import_{key}", found if new else self.m2m_change(key, old, found))
        return errors

    def m2m_change(self, key: str, old_ids: set, new_objects: list) -> list | None:
        """The new objects when they differ from ``old_ids`` (recording the change for the preview), else None."""
        new_ids = {obj.pk for obj in new_objects}
        if None not in new_ids and new_ids == old_ids:
            return None
        self.row_relation_changes.append((key, self.m2m_names(key, old_ids), [str(obj) for obj in new_objects]))
        return new_objects

    def m2m_names(self, key, ids) -> list[str]:
        return sorted(str(i) for i in ids)

    def create_with_history(self, objs, model=None):
        if objs:
            writing.insert(objs, model or type(objs[0]), user=self.user, reason=self.change_reason)

    def create_rows(self, model, rows: list[dict]):
        writing.insert_values(model, rows, user=self.user, reason=self.change_reason)

    def update_with_history(self, objs, fields_, model=None):
        if objs:
            writing.update(objs, model or type(objs[0]), fields_, user=self.user, reason=self.change_reason)

    def changed_fields(self, objs) -> list[str]:
        names = set()
        for obj in objs:
            names.update(self.fields[key].attribute for key in getattr(obj, "_import_changed_fields", ()))
        return sorted(names)

    def write_m2m(self, objs, accessor: str, attribute: str):
        """Set a many-to-many relation of each object to ``obj.<attribute>`` (a list, or None to leave it)."""
        changed = [obj for obj in objs if getattr(obj, attribute, None) is not None]
        if not changed:
            return
        relation = getattr(type(changed[0]), accessor)
        through = relation.through
        source = f"{relation.field.m2m_field_name()}_id"
        target = f"{relation.field.m2m_reverse_field_name()}_id"
        existing_ids = [obj.pk for obj in changed if not getattr(obj, "_import_new", False)]
        for chunk in chunks(existing_ids):
            through.objects.filter(**{f"{source}__in": chunk}).delete()
        pairs = [(obj.pk, related.pk) for obj in changed for related in getattr(obj, attribute)]
        writing.insert_links(through, source, target, pairs)

    def save_new_tags(self):
        new = [tag for tag in self.lookups.new_tags.values() if tag.pk is None]
        self.create_with_history(new, Tag)

    # --- subclass hooks ----------------------------------------------------------------------------------------

    def prepare(self, dataset):
        """Load what the rows will look up (subclass)."""

    def find_existing(self, row):
        """The existing (or earlier created) object the row is about, or None: by its ID column when the file has
        one (an unknown ID is the row's error), else by the entity's natural key (``find_by_key``)."""
        pk = self.parse_pk(row)
        if pk is None:
            return self.find_by_key(row)
        found = self.stored_by_id().get(pk)
        if found is None:
            raise self.unknown_id(pk)
        return found

    def stored_by_id(self) -> dict:
        """The stored objects a row's ID may name, by primary key (subclass; loaded in ``prepare``)."""
        return {}

    def find_by_key(self, row):
        """The object a row without an ID is about, by the entity's natural key, or None (subclass)."""
        return None

    def import_relations(self, instance, row, *, new: bool):
        """Read the columns that are not plain fields of the row (subclass)."""

    def validate_row(self, instance):
        """Unique and check constraints, checked in memory (subclass)."""

    def register(self, instance, is_create: bool):
        """Make a valid row findable by the rows after it (subclass)."""

    def write_created(self, objs):
        self.create_with_history(objs)

    def write_updated(self, objs):
        self.update_with_history([o for o in objs if o._import_changed_fields], self.changed_fields(objs))


def _stored_attname(model, attribute: str) -> str:
    """The attribute holding a field's stored value: ``owner_id`` for the foreign key ``owner``."""
    try:
        model_field = model._meta.get_field(attribute)
    except FieldDoesNotExist:  # not a model field (a property): read as it is
        return attribute
    return model_field.attname if model_field.many_to_one and model_field.concrete else attribute


def valid_tag_names(names: list[str]) -> list[str]:
    """The names, or ValidationError when one is too long to be a tag."""
    name_field = Tag._meta.get_field("name")
    for name in names:
        try:
            name_field.run_validators(name)
        except ValidationError as error:
            raise ValidationError({"tags": error.messages}) from None
    return names


def end_not_before_start(instance, start: str, end: str) -> None:
    if getattr(instance, start) and getattr(instance, end) and getattr(instance, end) < getattr(instance, start):
        raise ValidationError({end: gettext("The end date cannot be before the start date.")})


def parse_int_or_none(value):
    try:
        return parse_int(value)
    except ValueError:
        return None


def parse_date_ok(value) -> bool:
    try:
        parse_date(value)
    except ValueError:
        return False
    return True

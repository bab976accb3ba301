"""The tag pages on the view-test harness (five pages; no export or import), and what only labels have: usage
counts, names unique in any case, merge, retire, and the autocomplete's inline create (the theme pages share all of
this code: ``tests/views/test_themes.py`` runs the harness and the theme-only cases)."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from partners.forms.organisations import OrganisationForm
from partners.models import Contact, Organisation, Tag
from partners.ui.widgets import AutocompleteSelect
from tests import crawl, factories
from tests.harness.views import PrimaryObjectViewTests

pytestmark = pytest.mark.django_db


class TestTags(PrimaryObjectViewTests):
    model = Tag
    url_base = "tag"
    factory = factories.TagFactory
    display_attr = "name"
    form_data = {"name": "Helhedsplan"}
    edit_changes = {"name": "Helhedsplan 2030", "is_active": False}
    exportable = False
    importable = False
    import_key = "tags"

    # Counted with tags that are each on an organisation and a contact: a count per row would show.
    list_query_budget = 7
    detail_query_budget = 6
    add_query_budget = 4
    edit_query_budget = 5
    delete_query_budget = 7

    def create_object(self, *, user):
        tag = factories.TagFactory()
        factories.OrganisationFactory().tags.add(tag)
        factories.ContactFactory().tags.add(tag)
        return tag

    def get_form_data(self, *, user, obj=None) -> dict:
        return {**self.form_data, "is_active": "on"} if obj is not None else dict(self.form_data)


def tagged(tag, *, organisations=0, contacts=0):
    """``organisations`` new organisations and ``contacts`` new contacts with ``tag``."""
    orgs = [factories.OrganisationFactory() for _ in range(organisations)]
    people = [factories.ContactFactory() for _ in range(contacts)]
    for record in orgs + people:
        record.tags.add(tag)
    return orgs, people


def merge_url(tag, target=None) -> str:
    url = reverse("tag_merge", args=[tag.pk])
    return f"{url}?target={target.pk}" if target else url


def confirm_merge(client, source, target):
    """Open the confirmation and confirm what it shows, as a user does."""
    plan = client.get(merge_url(source, target)).context["plan"]
    return client.post(merge_url(source), {"target": target.pk, "expected": plan.token})


# --- the list and the page --------------------------------------------------------------------------------------------


def test_list_counts_each_tags_records_and_links_to_them(staff_client):
    tag, other = factories.TagFactory(name="nytårskur"), factories.TagFactory(name="ledelse")
    tagged(tag, organisations=2, contacts=3)
    tagged(other, contacts=1)
    response = staff_client.get(reverse("tag_list"))
    rows = {row.record.name: row.record for row in response.context["table"].page.object_list}
    assert (rows["nytårskur"].organisations_count, rows["nytårskur"].contacts_count) == (2, 3)
    assert (rows["ledelse"].organisations_count, rows["ledelse"].contacts_count) == (0, 1)
    content = response.content.decode()
    assert f'href="/organisations/?tags={tag.pk}"' in content and f'href="/contacts/?tags={tag.pk}"' in content
    assert f'href="/organisations/?tags={other.pk}"' not in content, "a count of 0 links to an empty list"


def test_list_sorts_names_whatever_their_case(staff_client):
    for name in ("boligsocial", "Alment", "ctrl"):
        factories.TagFactory(name=name)
    for sort, expected in (("", ["Alment", "boligsocial", "ctrl"]), ("-name", ["ctrl", "boligsocial", "Alment"])):
        response = staff_client.get(reverse("tag_list"), {"sort": sort} if sort else {})
        assert [row.record.name for row in response.context["table"].page.object_list] == expected


def test_list_is_sortable_by_count_and_searchable(staff_client):
    few, many = factories.TagFactory(name="få"), factories.TagFactory(name="mange")
    tagged(few, contacts=1)
    tagged(many, contacts=4)
    response = staff_client.get(reverse("tag_list"), {"sort": "-contacts_count"})
    assert [row.record.name for row in response.context["table"].page.object_list] == ["mange", "få"]
    response = staff_client.get(reverse("tag_list"), {"q": "MAN"})
    assert [row.record.name for row in response.context["table"].page.object_list] == ["mange"]


def test_list_tabs_show_tags_in_use_or_retired(staff_client):
    factories.TagFactory(name="brugt")
    factories.TagFactory(name="gammel", is_active=False)

    def names(query: str) -> list[str]:
        return [row.record.name for row in staff_client.get(f"/tags/?{query}").context["table"].page.object_list]

    assert names("is_active=true") == ["brugt"]
    assert names("is_active=false") == ["gammel"]
    assert "Udgået" in staff_client.get("/tags/").content.decode()


def test_detail_shows_the_usage_with_links(staff_client):
    tag = factories.TagFactory(name="helhedsplan")
    tagged(tag, organisations=1, contacts=2)
    response = staff_client.get(tag.get_absolute_url())
    assert [(use.label, use.count) for use in response.context["usage"]] == [
        ("Organisationer", 1),
        ("Kontaktpersoner", 2),
    ]
    assert f'href="/contacts/?tags={tag.pk}"' in response.content.decode()


def test_the_menu_has_one_section_for_tags_and_themes(staff_client, manager_client, client, plain_user):
    for who in (staff_client, manager_client):
        content = who.get("/").content.decode()
        assert content.count('href="/tags/"') == 1 and "Tags og temaer" in content
    client.force_login(plain_user)
    assert 'href="/tags/"' not in client.get("/").content.decode()


# --- names --------------------------------------------------------------------------------------------------------


def test_a_name_that_exists_in_another_case_is_refused_in_danish(staff_client):
    factories.TagFactory(name="Helhedsplan")
    response = staff_client.post(reverse("tag_add"), {"name": "  helhedsplan "})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "name": ["Der findes allerede et tag med navnet “Helhedsplan” (store og små bogstaver regnes for ens)."]
    }
    assert Tag.objects.count() == 1


def test_a_retired_name_is_refused_with_the_way_back(staff_client):
    old = factories.TagFactory(name="Nytårskur", is_active=False)
    tag = factories.TagFactory(name="nytår")
    response = staff_client.post(reverse("tag_edit", args=[tag.pk]), {"name": "NYTÅRSKUR", "is_active": "on"})
    assert "tag det hellere i brug igen på dets side" in response.context["form"].errors["name"][0]
    tag.refresh_from_db()
    old.refresh_from_db()
    assert (tag.name, old.name) == ("nytår", "Nytårskur")


def test_a_tag_may_be_renamed_to_its_own_name_in_another_case(staff_client):
    tag = factories.TagFactory(name="helhedsplan")
    response = staff_client.post(reverse("tag_edit", args=[tag.pk]), {"name": "Helhedsplan", "is_active": "on"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Helhedsplan"


def test_a_new_tag_is_in_use_and_its_form_asks_nothing_else(staff_client):
    assert list(staff_client.get(reverse("tag_add")).context["form"].fields) == ["name"]
    staff_client.post(reverse("tag_add"), {"name": "frivillige"})
    assert Tag.objects.get(name="frivillige").is_active


# --- merge ---------------------------------------------------------------------------------------------------------


def test_merge_moves_every_link_without_duplicates_and_deletes_the_source(staff_client):
    source, target = factories.TagFactory(name="helhedsplaner"), factories.TagFactory(name="helhedsplan")
    only_source, _ = tagged(source, organisations=2)
    both_orgs, both_people = tagged(source, organisations=1, contacts=1)
    for record in both_orgs + both_people:
        record.tags.add(target)
    _, people = tagged(source, contacts=2)
    untouched = factories.OrganisationFactory()
    untouched.tags.add(factories.TagFactory(name="andet"))

    response = confirm_merge(staff_client, source, target)

    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    assert not Tag.objects.filter(pk=source.pk).exists()
    for record in only_source + both_orgs + both_people + people:
        assert list(record.tags.values_list("name", flat=True)) == ["helhedsplan"], record
    assert Organisation.tags.through.objects.filter(tag=target).count() == 3
    assert Contact.tags.through.objects.filter(tag=target).count() == 3
    assert list(untouched.tags.values_list("name", flat=True)) == ["andet"]


def test_merge_confirmation_says_exactly_what_moves(staff_client):
    source, target = factories.TagFactory(name="nytaarskur"), factories.TagFactory(name="nytårskur")
    tagged(source, organisations=3, contacts=1)
    both, _ = tagged(source, organisations=1)
    both[0].tags.add(target)
    response = staff_client.get(merge_url(source, target))
    plan = response.context["plan"]
    assert [(m.link.key, m.records, m.moving, m.already) for m in plan.moves] == [
        ("organisations", 4, 3, 1),
        ("contacts", 1, 1, 0),
    ]
    content = response.content.decode()
    assert escape("5 poster får “nytårskur” i stedet for “nytaarskur”.") in content
    assert Tag.objects.filter(pk=source.pk).exists(), "the confirmation merged"


def test_merge_confirmation_has_a_fixed_number_of_queries(staff_client):
    source, target = factories.TagFactory(), factories.TagFactory()
    counts = []
    for more in (1, 5):
        tagged(source, organisations=more, contacts=more)
        staff_client.get(merge_url(source, target))
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(merge_url(source, target)).status_code == 200
        counts.append(len(captured))
    assert counts == [8, 8]  # session, user, 2 permissions, the tag, the target (the form), a count per kind


def test_merge_records_the_history_of_both(staff_client, staff_user):
    source, target = factories.TagFactory(name="boligsocial"), factories.TagFactory(name="Boligsocialt arbejde")
    tagged(source, organisations=2)
    confirm_merge(staff_client, source, target)
    deleted = Tag.history.filter(id=source.pk).latest("history_date")
    changed = Tag.history.filter(id=target.pk).latest("history_date")
    assert (deleted.history_type, changed.history_type) == ("-", "~")
    assert deleted.history_change_reason == "Flettet ind i “Boligsocialt arbejde”: 2 poster flyttet."
    assert changed.history_change_reason == "“boligsocial” flettet ind: 2 poster flyttet."
    assert deleted.history_user == changed.history_user == staff_user
    page = staff_client.get(target.get_absolute_url()).content.decode()
    assert escape("“boligsocial” flettet ind: 2 poster flyttet.") in page


def test_a_long_name_fits_the_history(staff_client):
    source, target = factories.TagFactory(name="x" * 100), factories.TagFactory(name="y" * 100)
    tagged(source, contacts=1)
    assert confirm_merge(staff_client, source, target).status_code == 302
    assert len(Tag.history.filter(id=target.pk).latest("history_date").history_change_reason) <= 100


def test_merge_confirmed_for_other_numbers_is_shown_again_not_done(staff_client):
    source, target = factories.TagFactory(name="a"), factories.TagFactory(name="b")
    tagged(source, organisations=1)
    token = staff_client.get(merge_url(source, target)).context["plan"].token
    tagged(source, contacts=1)  # someone tags a contact meanwhile
    response = staff_client.post(merge_url(source), {"target": target.pk, "expected": token})
    assert response.status_code == 200
    assert response.context["plan"].records == 2
    assert "Posterne er ændret, siden tallene blev vist" in response.content.decode()
    assert Tag.objects.filter(pk=source.pk).exists()
    assert source.contacts.count() == 1 and source.organisations.count() == 1


def test_merge_without_confirmation_is_not_done(staff_client):
    source, target = factories.TagFactory(), factories.TagFactory()
    response = staff_client.post(merge_url(source), {"target": target.pk})
    assert response.status_code == 200 and response.context["plan"] is not None
    assert Tag.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("target", ["self", "999999999", "abc", ""])
def test_merge_into_itself_or_nothing_is_refused(staff_client, target):
    source = factories.TagFactory()
    tagged(source, contacts=1)
    value = str(source.pk) if target == "self" else target
    for response in (
        staff_client.get(merge_url(source), {"target": value}),
        staff_client.post(merge_url(source), {"target": value, "expected": "x"}),
    ):
        assert response.status_code == 200
        assert response.context["form"].errors["target"]
        assert response.context["plan"] is None
    assert Tag.objects.filter(pk=source.pk).exists() and source.contacts.count() == 1


def test_merge_target_offers_no_create(staff_client):
    source = factories.TagFactory()
    content = staff_client.get(merge_url(source)).content.decode()
    assert 'data-autocomplete-url="/autocomplete/tags/"' in content
    assert "data-create-url" not in content


def test_merge_needs_change_and_delete(client, manager_client, plain_user, staff_user):
    source, target = factories.TagFactory(), factories.TagFactory()
    tagged(source, contacts=1)
    client.force_login(plain_user)
    for who in (manager_client, client):
        assert who.get(merge_url(source, target)).status_code == 403
        assert who.post(merge_url(source), {"target": target.pk, "expected": "contacts:1:0"}).status_code == 403
    anonymous = Client()
    assert anonymous.get(merge_url(source)).status_code == 302
    assert anonymous.post(merge_url(source), {"target": target.pk}).status_code == 302
    assert Tag.objects.filter(pk=source.pk).exists() and source.contacts.count() == 1


# --- retire --------------------------------------------------------------------------------------------------------


def suggested(client, term: str, **params) -> list[str]:
    response = client.get(reverse("autocomplete", args=["tags"]), {"q": term, **params})
    return [option["text"] for option in response.json()["results"]]


def test_a_retired_tag_is_not_suggested_for_new_use(staff_client):
    factories.TagFactory(name="nytårskur 2024", is_active=False)
    factories.TagFactory(name="nytårskur")
    assert suggested(staff_client, "nytår") == ["nytårskur"]
    # A list's filter may still find the records that have it (the widget asks with retired=1 in a GET form).
    assert suggested(staff_client, "nytår", retired="1") == ["nytårskur", "nytårskur 2024 (udgået)"]


def test_a_retired_tag_stays_on_its_records_and_is_shown_as_retired(staff_client):
    tag = factories.TagFactory(name="frivillig", is_active=False)
    (organisation,), _ = tagged(tag, organisations=1)
    edit = staff_client.get(reverse("organisation_edit", args=[organisation.pk])).content.decode()
    assert f'<option value="{tag.pk}" selected>frivillig (udgået)</option>' in edit
    detail = staff_client.get(tag.get_absolute_url())
    assert "Udgået" in detail.content.decode() and detail.context["usage"][0].count == 1


def test_retire_and_take_into_use_again(staff_client, manager_client):
    tag = factories.TagFactory(name="ledelse")
    retire = reverse("tag_retire", args=[tag.pk])
    assert manager_client.post(retire, {"active": "0"}).status_code == 403
    tag.refresh_from_db()
    assert tag.is_active
    response = staff_client.post(retire, {"active": "0"})
    assert response.status_code == 302 and response["Location"] == tag.get_absolute_url()
    tag.refresh_from_db()
    assert not tag.is_active
    assert staff_client.get(retire).status_code == 405
    staff_client.post(retire, {"active": "1"})
    tag.refresh_from_db()
    assert tag.is_active
    # Undone by editing as well: the edit form has the flag.
    staff_client.post(reverse("tag_edit", args=[tag.pk]), {"name": "ledelse"})
    tag.refresh_from_db()
    assert not tag.is_active
    staff_client.post(reverse("tag_edit", args=[tag.pk]), {"name": "ledelse", "is_active": "on"})
    tag.refresh_from_db()
    assert tag.is_active
    assert staff_client.post(reverse("tag_retire", args=[999999999]), {"active": "0"}).status_code == 404


def test_delete_page_says_which_records_lose_the_tag(staff_client):
    tag = factories.TagFactory()
    tagged(tag, organisations=2)
    content = staff_client.get(reverse("tag_delete", args=[tag.pk])).content.decode()
    assert "<li>Organisationer: 2</li>" in content and "<li>Kontaktpersoner:" not in content
    assert reverse("tag_retire", args=[tag.pk]) in content and reverse("tag_merge", args=[tag.pk]) in content


# --- create from the autocomplete ----------------------------------------------------------------------------------

QUICK_ADD = "/tags/quick-add/"


def test_quick_add_creates_the_tag_and_answers_it_as_an_option(staff_client, staff_user):
    response = staff_client.post(QUICK_ADD, {"name": "  Frivillige "})
    assert response.status_code == 201
    tag = Tag.objects.get()
    assert response.json() == {"value": str(tag.pk), "text": "Frivillige", "created": True}
    assert tag.name == "Frivillige" and tag.is_active
    assert tag.history.get().history_user == staff_user


def test_quick_add_of_an_existing_name_answers_that_tag(staff_client):
    tag = factories.TagFactory(name="Helhedsplan")
    response = staff_client.post(QUICK_ADD, {"name": "helhedsplan"})
    assert response.status_code == 200
    assert response.json() == {"value": str(tag.pk), "text": "Helhedsplan", "created": False}
    assert Tag.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Dette felt kan ikke være tomt."),
        ("   ", "Dette felt kan ikke være tomt."),
        ("x" * 101, "Denne værdi må højst have 100 tegn (den har 101)."),
        ("gammel", "“gammel” findes, men er udgået. Åbn det på dets side, og tag det i brug igen."),
    ],
)
def test_quick_add_refuses_in_danish_and_creates_nothing(staff_client, name, message):
    factories.TagFactory(name="Gammel", is_active=False)
    response = staff_client.post(QUICK_ADD, {"name": name})
    assert response.status_code == 400
    assert response.json() == {"error": message.replace("“gammel”", "“Gammel”")}
    assert Tag.objects.count() == 1


def test_quick_add_needs_the_add_permission(client, manager_client, plain_user):
    client.force_login(plain_user)
    for who in (manager_client, client):
        response = who.post(QUICK_ADD, {"name": "ny"})
        assert response.status_code == 403
        # Said under the field by the widget's script.
        assert response.json() == {
            "error": "Du må ikke oprette tags. Vælg et eksisterende, eller spørg en kollega, der må."
        }
    assert Client().post(QUICK_ADD, {"name": "ny"}).status_code == 302  # to the login
    assert not Tag.objects.exists()


def test_quick_add_is_csrf_protected(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert client.post(QUICK_ADD, {"name": "ny"}).status_code == 403
    assert not Tag.objects.exists()
    # The form's token, as the widget's script sends it (the header X-CSRFToken).
    page = client.get(reverse("organisation_add"))
    token = page.context["csrf_token"]
    response = client.post(QUICK_ADD, {"name": "ny"}, headers={"X-CSRFToken": str(token)})
    assert response.status_code == 201 and Tag.objects.filter(name="ny").exists()


def test_quick_add_answers_post_only(staff_client):
    assert staff_client.get(QUICK_ADD).status_code == 405


def test_the_forms_widget_offers_create_and_the_filter_asks_for_retired_ones_too(staff_client):
    form = staff_client.get(reverse("organisation_add")).content.decode()
    assert f'data-create-url="{QUICK_ADD}"' in form and 'data-create-label="Opret"' in form
    widget = AutocompleteSelect("tags", create=False)
    assert "data-create-url" not in widget.render("tag", None)
    assert "data-create-url" not in AutocompleteSelect("areas").render("area", None)


# --- the page crawl ------------------------------------------------------------------------------------------------


def test_the_page_crawl_covers_the_tag_and_theme_pages(staff_user, manager_user, plain_user):
    """tests/crawl.py walks the registry's URLs: the new pages are among them, with real ids, and answer every role
    without a server error (tests/test_page_crawl.py runs the same crawl on the demo world)."""
    factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    tag, theme = factories.TagFactory(), factories.ThemeFactory()
    tagged(tag, organisations=1, contacts=1)
    pages = [page for page in crawl.pages() if page.name.split("_")[0] in {"tag", "theme"}]
    names = {page.name for page in pages}
    for base in ("tag", "theme"):
        assert {f"{base}_{view}" for view in ("list", "add", "detail", "edit", "delete", "merge", "retire")} <= names
        assert f"{base}_quick_add" in names
    for page in pages:
        base, _, view = page.name.partition("_")
        if view not in ("list", "add", "quick_add"):  # the pages of one object, with a real one
            assert page.path.startswith(f"/{base}s/{(tag if base == 'tag' else theme).pk}/"), page
    assert not crawl.crawl(crawl.role_clients(), pages)


@pytest.mark.django_db
def test_a_retired_tag_cannot_be_chosen_anew_but_stays_on_an_edit():
    kept = factories.TagFactory(name="Gammel", is_active=False)
    retired = factories.TagFactory(name="Udgået", is_active=False)
    organisation = factories.OrganisationFactory()
    organisation.tags.add(kept)
    form = OrganisationForm(instance=organisation)
    assert set(form.fields["tags"].queryset) == {kept}
    data = {**model_to_dict(organisation), "tags": [kept.pk, retired.pk]}
    data = {k: v for k, v in data.items() if v is not None}
    bound = OrganisationForm(data, instance=organisation)
    assert not bound.is_valid() and "tags" in bound.errors
    assert set(Organisation.objects.get(pk=organisation.pk).tags.all()) == {kept}

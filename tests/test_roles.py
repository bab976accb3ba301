"""Who may do what: README.md's role table against the real permissions of the groups and what the views allow, the
groups kept in step with ``partners/roles.py`` by ``migrate``, and the owner's right to close their follow-up."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from partners.models import FollowUp
from partners.roles import DOMAIN_MODELS, MANAGEMENT, SECRETARIAT, role_permissions
from tests import factories

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent / "README.md"
TABLE_HEADING = "## Who may do what"
YES, NO = "✓", "–"


def readme_role_table() -> tuple[list[str], dict[str, list[str]]]:
    """(the role column headings, {row label: cells}) of the table under the heading."""
    lines = README.read_text(encoding="utf-8").splitlines()
    section = lines[lines.index(TABLE_HEADING) + 1 :]
    section = section[: next((i for i, line in enumerate(section) if line.startswith("## ")), len(section))]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in section if line.startswith("|")]
    header, rule, *body = rows
    assert all(re.fullmatch(r":?-+:?", cell) for cell in rule), "the second line of the table is its rule"
    assert len({row[0] for row in body}) == len(body), "two rows of the table have the same label"
    return header[1:], {row[0]: row[1:] for row in body}


# --- what each row means, checked on a real user ------------------------------------------------------------------


def permissions(*codenames: str):
    """The row holds when the user has all of the permissions, and does not when they have none; half is an error."""

    def check(user, client) -> bool:
        held = {codename for codename in codenames if user.has_perm(codename)}
        assert held in (set(), set(codenames)), f"{user.username} has only {sorted(held)} of {codenames}"
        return bool(held)

    return check


def complete(*, own: bool):
    """Mark a follow-up done through the page's "Done" button: the user's own or a colleague's."""

    def check(user, client) -> bool:
        owner = user if own else factories.UserFactory()
        follow_up = factories.FollowUpFactory(owner=owner)
        response = client.post(f"/follow-ups/{follow_up.pk}/done/", {"next": "/"})
        follow_up.refresh_from_db()
        assert response.status_code in (302, 403), response.status_code
        assert (response.status_code == 302) == follow_up.is_done
        return follow_up.is_done

    return check


def admin_site(user, client) -> bool:
    status = client.get("/admin/").status_code
    assert status in (200, 302), status  # 302: to the admin's login page
    return status == 200


def access_request(user, client) -> bool:
    contact = factories.ContactFactory()
    status = client.get(f"/contacts/{contact.pk}/personal-data/").status_code
    assert status in (200, 403), status
    return status == 200


def models(*names: str, actions=("add", "change")) -> list[str]:
    return [f"partners.{action}_{name}" for name in names for action in actions]


ROWS = {
    "view organisations, contacts, collaborations, meetings, follow-ups, events": permissions(
        *models(*DOMAIN_MODELS, actions=("view",))
    ),
    "add and edit organisations and contacts": permissions(*models("organisation", "contact", "affiliation")),
    "log and edit meetings": permissions(*models("meeting")),
    "create and edit follow-ups": permissions(*models("followup")),
    "complete their own follow-ups": complete(own=True),
    "complete others' follow-ups": complete(own=False),
    "delete records": permissions(*models(*DOMAIN_MODELS, actions=("delete",))),
    "create events and build and update invitation lists": permissions(*models("event", "invitation")),
    "import lists": permissions("partners.import_data"),
    "export lists and the mail merge": permissions("partners.export_data"),
    "add and edit advocacy cases, their key dates, entries and stances": permissions(*models("case")),
    "attach and edit documents": permissions(*models("document")),
    "answer an access request (everything about a person, as a page or a file)": access_request,
    'erase a person at their request ("glem mig")': permissions("partners.erase_personal_data"),
    "review collaborations": permissions("partners.review_collaboration"),
    "see the dashboard and the yearly reports": permissions("partners.view_dashboard"),
    "merge duplicate organisations and contacts": permissions("partners.merge_records"),
    "use the admin site (`/admin/`: users and roles)": admin_site,
}


@pytest.fixture
def role_users(staff_user, manager_user):
    admin = get_user_model().objects.create_superuser("chef", password="test-pass-123", first_name="Chef")
    return {"Sekretariat": staff_user, "Ledelse": manager_user, "admin": admin}


def test_the_readme_table_has_one_column_per_role_and_the_rows_the_checks_know():
    columns, rows = readme_role_table()
    assert [column.split()[0] for column in columns] == ["Sekretariat", "Ledelse", "admin"]
    assert list(rows) == list(ROWS), "a row of the README table without a check here, or the other way round"
    assert all(cell in (YES, NO) for cells in rows.values() for cell in cells)
    assert all(len(cells) == len(columns) for cells in rows.values())


def test_the_readme_table_says_what_each_role_may_do(client, role_users):
    columns, rows = readme_role_table()
    differences = []
    for label, cells in rows.items():
        for column, cell in zip(columns, cells, strict=True):
            user = role_users[column.split()[0]]
            client.force_login(user)
            actual = ROWS[label](user, client)
            if actual != (cell == YES):
                differences.append(f"{label} / {column}: README says {cell}, the register {YES if actual else NO}")
    assert not differences, "\n".join(differences)


def test_a_check_can_fail(client, staff_user):
    # The table test would notice a wrong cell: the checks answer no where the role may not.
    client.force_login(staff_user)
    assert ROWS["review collaborations"](staff_user, client) is False
    assert ROWS["use the admin site (`/admin/`: users and roles)"](staff_user, client) is False


# --- the groups ------------------------------------------------------------------------------------------------------


def group_permissions(name: str) -> set[tuple[str, str]]:
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


def test_the_groups_hold_exactly_the_permissions_of_roles_py():
    for name, wanted in role_permissions().items():
        assert group_permissions(name) == set(wanted), name


def test_the_staff_role_is_unchanged():
    wanted = {("partners", f"{action}_{m}") for m in DOMAIN_MODELS for action in ("view", "add", "change", "delete")}
    assert group_permissions(SECRETARIAT) == wanted | {("partners", "import_data"), ("partners", "export_data")}


def test_managers_log_meetings_and_follow_ups_but_delete_nothing():
    perms = {codename for _app, codename in group_permissions(MANAGEMENT)}
    assert {"add_meeting", "change_meeting", "add_followup", "change_followup"} <= perms
    assert not {p for p in perms if p.startswith("delete_")}
    assert not {p for p in perms if p.startswith(("add_", "change_")) and not p.endswith(("_meeting", "_followup"))}


def test_migrate_brings_an_existing_database_up_to_date():
    # A database whose groups were made before managers could log meetings: migrate (nothing to apply) fixes them.
    managers = Group.objects.get(name=MANAGEMENT)
    managers.permissions.remove(*Permission.objects.filter(codename__in=["add_meeting", "change_followup"]))
    assert ("partners", "add_meeting") not in group_permissions(MANAGEMENT)
    call_command("migrate", verbosity=0, interactive=False)
    assert group_permissions(MANAGEMENT) == set(role_permissions()[MANAGEMENT])


# --- owners act on what they own -------------------------------------------------------------------------------------


@pytest.fixture
def viewer(db):
    """A user who may see follow-ups but not change them (no such role ships; a group made in the admin could)."""
    group = Group.objects.create(name="Kun læse")
    group.permissions.set(Permission.objects.filter(codename__in=["view_organisation", "view_followup"]))
    user = factories.UserFactory(username="laeser")
    user.groups.add(group)
    return user


def test_the_owner_may_mark_done_without_the_change_permission(client, viewer):
    follow_up = factories.FollowUpFactory(owner=viewer)
    client.force_login(viewer)
    response = client.post(f"/follow-ups/{follow_up.pk}/done/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_neither_owner_nor_change_permission_is_403_and_changes_nothing(client, viewer):
    follow_up = factories.FollowUpFactory()
    client.force_login(viewer)
    assert client.post(f"/follow-ups/{follow_up.pk}/done/").status_code == 403
    assert client.post("/follow-ups/999999/done/").status_code == 403  # no hint whether it exists
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_an_owner_without_any_role_is_403(client, plain_user):
    follow_up = factories.FollowUpFactory(owner=plain_user)
    client.force_login(plain_user)
    assert client.post(f"/follow-ups/{follow_up.pk}/done/").status_code == 403
    assert not FollowUp.objects.get(pk=follow_up.pk).is_done


def test_a_manager_who_owns_a_follow_up_closes_it(manager_client, manager_user):
    follow_up = factories.FollowUpFactory(owner=manager_user)
    response = manager_client.post(f"/follow-ups/{follow_up.pk}/done/", {"next": follow_up.get_absolute_url()})
    assert response.status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).is_done

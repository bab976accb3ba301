"""The two staff roles, as Django groups with permissions. Used by the data migration and by tests.

The groups are brought up to date with ``role_permissions`` after every ``migrate`` (the post_migrate handler in
``apps.py``), so a change here reaches existing databases without a migration of its own. README.md's role table
says the same in words; ``tests/test_roles.py`` holds the two together."""

from django.utils.translation import gettext_lazy as _

SECRETARIAT = "Sekretariat"
MANAGEMENT = "Ledelse"

# Models staff maintain day to day (view/add/change/delete; deleting is still refused where records depend on it).
DOMAIN_MODELS = [
    "organisation",
    "area",
    "contact",
    "affiliation",
    "tag",
    "theme",
    "collaboration",
    "collaborationpartner",
    "meeting",
    "followup",
    "event",
    "invitation",
    "document",
    # Advocacy cases (managers view them: Ledelse changes nothing but meetings and follow-ups); a case's key dates,
    # entries and stances are edited from its page with change_case.
    "case",
]

# Managers meet partners too: they log and edit meetings and add and edit follow-ups (not delete them).
MANAGEMENT_MAINTAINS = [("partners", f"{action}_{m}") for m in ("meeting", "followup") for action in ("add", "change")]

ROLE_DESCRIPTIONS = {
    SECRETARIAT: _("Secretariat staff: view and maintain all partner data, import and export lists."),
    MANAGEMENT: _(
        "Management: view everything, log meetings and follow-ups, export, review collaborations, dashboard and reports."
    ),
}


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs per group."""
    view_all = [("partners", f"view_{m}") for m in DOMAIN_MODELS]
    maintain = [("partners", f"{action}_{m}") for m in DOMAIN_MODELS for action in ("add", "change", "delete")]
    return {
        SECRETARIAT: view_all + maintain + [("partners", "import_data"), ("partners", "export_data")],
        MANAGEMENT: [
            *view_all,
            *MANAGEMENT_MAINTAINS,
            ("partners", "export_data"),
            ("partners", "review_collaboration"),
            ("partners", "view_dashboard"),
            ("partners", "merge_records"),
            ("partners", "erase_personal_data"),
        ],
    }


def sync_role_groups(apps, using: str = "default") -> None:
    """Create the groups or bring their permissions up to date; safe to run repeatedly."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, perms in role_permissions().items():
        group, _created = group_model.objects.using(using).get_or_create(name=group_name)
        wanted = [
            permission_model.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in perms
        ]
        group.permissions.set(wanted)

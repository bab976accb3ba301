from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from partners.roles import sync_role_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them now so the groups can hold them.
    for app_config in global_apps.get_app_configs():
        if app_config.label in {"auth", "contenttypes", "partners"}:
            create_permissions(app_config, verbosity=0, apps=global_apps)
    sync_role_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Sekretariat", "Ledelse"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

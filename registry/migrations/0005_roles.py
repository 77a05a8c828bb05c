"""Create the roles as groups: curator, reviewer, administrator (registry/workflow.py).

The permission lists are frozen here, as migrations must be; tests/test_roles.py checks that
they still match `registry.workflow.ROLE_PERMISSIONS`. Change both together, in a new migration.
"""

from django.db import migrations

CURATOR = [
    f"registry.{action}_{model}"
    for model in ["monument", "event", "actorrole", "citation", "actor", "source"]
    for action in ("view", "add", "change")
] + [
    "registry.delete_event", "registry.delete_actorrole", "registry.delete_citation",
    "registry.view_region",
]
REVIEWER = CURATOR + [
    "registry.publish_monument", "registry.retire_monument", "registry.merge_monument",
]
ADMINISTRATOR = REVIEWER + [
    "registry.add_region", "registry.change_region", "registry.delete_actor",
    "registry.delete_source", "auth.view_user", "auth.add_user", "auth.change_user",
    "auth.view_group",
]
ROLES = {"curator": CURATOR, "reviewer": REVIEWER, "administrator": ADMINISTRATOR}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_monument_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

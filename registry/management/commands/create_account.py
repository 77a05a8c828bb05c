"""Create a staff account with one of the registry's roles; the password is asked for, never
defaulted."""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry.workflow import ADMINISTRATOR, CURATOR, REVIEWER

PASSWORD_VARIABLE = "REGISTRY_ACCOUNT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account with a role (curator, reviewer or administrator). The password "
        f"is asked for interactively, or read from ${PASSWORD_VARIABLE} for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=[CURATOR, REVIEWER, ADMINISTRATOR], default=CURATOR)
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, role: str, email: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists.")
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        user = User(username=username, email=email, is_staff=True,
                    is_superuser=role == ADMINISTRATOR)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                "The password is not accepted: " + " ".join(error.messages)
            ) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        self.stdout.write(self.style.SUCCESS(f"Created {role} account {username!r}."))

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        if not first:
            raise CommandError("A password is required.")
        return first

"""Create a teacher account: staff access to the admin, in the "Teachers" group.

Also (re)creates the group with its permissions, so it is safe to run for an existing user to
grant them teacher access.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quiz.admin.teachers_group import ensure_teachers_group


class Command(BaseCommand):
    help = "Create a teacher account (or give an existing account teacher access)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking for it.",
        )

    def handle(
        self, *args, username: str, email: str, password_from_env: str | None, **options
    ) -> None:
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            if password_from_env:
                password = os.environ.get(password_from_env, "")
            else:
                password = getpass.getpass(f"Password for {username}: ")
                if password != getpass.getpass("Password again: "):
                    raise CommandError(
                        "The passwords do not match; no account was created."
                    )
            try:
                validate_password(password, User(username=username, email=email))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            group = ensure_teachers_group()
            if user is None:
                user = User.objects.create_user(
                    username=username, email=email, password=password
                )
                verb = "Created"
            else:
                verb = "Updated"
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
        self.stdout.write(f"{verb} teacher account {username!r}: sign in at /admin/.")

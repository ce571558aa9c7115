"""Register an LMS (an LTI 1.3 platform) with this tool; running it again updates, never duplicates.

The values come from the LMS's tool configuration page (see docs/lti.md).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.db import transaction
from lti_tool.models import LtiDeployment, LtiRegistration

from quiz.lti.launches import tool_key


class Command(BaseCommand):
    help = "Register (or update) an LTI 1.3 platform and activate its deployment ids."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--issuer",
            required=True,
            help="The platform's issuer (Moodle: its site URL).",
        )
        parser.add_argument(
            "--client-id",
            required=True,
            help="The client id the platform gave this tool.",
        )
        parser.add_argument(
            "--deployment-id",
            action="append",
            required=True,
            help="A deployment id; repeat for several.",
        )
        parser.add_argument(
            "--auth-url",
            required=True,
            help="The platform's authentication request URL.",
        )
        parser.add_argument(
            "--token-url", required=True, help="The platform's access token URL."
        )
        parser.add_argument(
            "--keyset-url", required=True, help="The platform's public keyset URL."
        )
        parser.add_argument(
            "--name", default="", help="A name for the admin (default: the issuer)."
        )

    def handle(self, *args, **options) -> None:
        check_url = URLValidator(schemes=["http", "https"])
        for option in ("issuer", "auth_url", "token_url", "keyset_url"):
            try:
                check_url(options[option])
            except ValidationError as error:
                raise CommandError(
                    f"--{option.replace('_', '-')} must be an http(s) URL, not {options[option]!r}."
                ) from error
        deployment_ids = [
            value.strip() for value in options["deployment_id"] if value.strip()
        ]
        if not deployment_ids or not options["client_id"].strip():
            raise CommandError("--client-id and --deployment-id must not be empty.")
        with transaction.atomic():
            registration, created = LtiRegistration.objects.update_or_create(
                issuer=options["issuer"],
                client_id=options["client_id"].strip(),
                defaults={
                    "name": options["name"] or options["issuer"],
                    "auth_url": options["auth_url"],
                    "token_url": options["token_url"],
                    "keyset_url": options["keyset_url"],
                    "is_active": True,
                },
            )
            for deployment_id in deployment_ids:
                LtiDeployment.objects.update_or_create(
                    registration=registration,
                    deployment_id=deployment_id,
                    defaults={"is_active": True},
                )
        tool_key()
        verb = "Registered" if created else "Updated"
        self.stdout.write(
            f"{verb} {registration.issuer} (client id {registration.client_id}) with "
            f"deployment(s) {', '.join(deployment_ids)}."
        )

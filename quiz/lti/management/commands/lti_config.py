"""Print what an LMS administrator pastes into the LMS to add this tool."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.urls import reverse

from quiz.lti.launches import tool_key


def tool_configuration(base_url: str) -> dict:
    base = base_url.rstrip("/")
    launch_url = base + reverse("lti:launch")
    return {
        "login_url": base + reverse("lti:login"),
        "launch_url": launch_url,
        "keyset_url": base + reverse("lti:jwks"),
        "deep_linking_url": launch_url,
        "redirect_uris": [launch_url],
        "public_key_pem": tool_key().public_key,
    }


class Command(BaseCommand):
    help = "Print the tool's URLs and public key for an LMS administrator."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            help="This site's public address, e.g. https://quiz.school.example",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options) -> None:
        try:
            URLValidator(schemes=["http", "https"])(options["base_url"])
        except ValidationError as error:
            raise CommandError(
                f"--base-url must be this site's http(s) address, not {options['base_url']!r}."
            ) from error
        configuration = tool_configuration(options["base_url"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(configuration, indent=2))
            return
        for name, value in configuration.items():
            shown = " ".join(value) if isinstance(value, list) else value
            self.stdout.write(f"{name}:\n{shown}\n")

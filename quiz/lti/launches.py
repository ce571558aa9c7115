"""Checking LTI messages with PyLTI1p3 (through django-lti), with what the library leaves out.

PyLTI1p3 checks the state, the nonce, the platform's signature and the deployment, but decodes the
token with no clock leeway (an LMS token lives about 60 s, so a few seconds of clock drift between
two servers refuses real students) and lets the same token be replayed while its nonce sits in the
cache. Its state, nonce and launch data live in the cache all workers share (`DjangoCacheDataStorage`
on the "default" cache, which is the database cache when several app servers run).
"""

import jwt
from django.conf import settings
from django.core.cache import cache
from lti_tool.models import Key
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.exception import LtiException


class LaunchRefused(Exception):
    """A launch the tool does not accept; the message is meant for the person launching."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


def clock_leeway() -> int:
    return int(getattr(settings, "LTI_CLOCK_LEEWAY_SECONDS", 10))


class CheckedMessageLaunch(DjangoMessageLaunch):
    """PyLTI1p3's launch, with a small clock leeway and each nonce accepted once."""

    def validate_jwt_signature(self) -> "CheckedMessageLaunch":
        public_key, key_alg = self.get_public_key()
        try:
            jwt.decode(
                self._get_id_token(),
                public_key,
                algorithms=[key_alg],
                options={**self._jwt_verify_options, "require": ["exp", "iat"]},
                leeway=clock_leeway(),
            )
        except jwt.InvalidTokenError as error:
            raise LtiException(f"Can't decode id_token: {error}") from error
        return self

    def validate_nonce(self) -> "CheckedMessageLaunch":
        super().validate_nonce()
        nonce = self._get_jwt_body().get("nonce")
        # cache.add is atomic: of two requests with the same token, one wins.
        if not cache.add(f"lti-used-nonce:{nonce}", True, timeout=24 * 60 * 60):
            raise LtiException("Nonce already used")
        return self


def message_launch(request) -> CheckedMessageLaunch:
    """The validated launch in this request, or LaunchRefused with a reason a person can act on."""
    if not request.POST.get("id_token"):
        raise LaunchRefused(
            "This page opens from your course in the LMS: the launch carried no token.",
            status=400,
        )
    if not request.POST.get("state"):
        raise LaunchRefused(
            "This launch is incomplete (no state): open the activity again from your course.",
            status=400,
        )
    try:
        launch = CheckedMessageLaunch(
            request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage()
        )
        launch.validate()
    except LtiException as error:
        raise LaunchRefused(refusal_message(str(error))) from error
    return launch


def refusal_message(library_message: str) -> str:
    if "State not found" in library_message or "cookie" in library_message:
        return (
            "Your browser did not keep this launch's cookie (browsers often block cookies inside "
            "a course page). Open the activity in a new window from your course, or allow "
            "cookies for this site."
        )
    if "expired" in library_message or "not yet valid" in library_message:
        return (
            "This launch has expired or its clock is wrong: open the activity again from your "
            "course (if it keeps happening, the LMS's or this server's clock is off)."
        )
    if "Nonce" in library_message or '"nonce"' in library_message:
        return "This launch was already used or is not one this site asked for: open the activity again from your course."
    if "Registration not found" in library_message or "Client id" in library_message:
        return "This LMS is not registered with this quiz site: ask the site's administrator to add it."
    return "This launch could not be verified, so it was refused: open the activity again from your course."


def tool_key() -> Key:
    """The tool's signing key: made once, kept in the database. `manage.py rotate_keys` adds a
    new one and deactivates old ones only after some days, so a platform that cached the old
    public key keeps verifying while it refreshes."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key or Key.objects.generate()

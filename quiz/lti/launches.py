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
    """PyLTI1p3's launch, with a small clock leeway and each nonce accepted once (after all the
    library's checks have passed)."""

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

    def validate_message(self) -> "CheckedMessageLaunch":
        super().validate_message()
        # Spent only once the signature is known good, so a forged token cannot use up a real
        # launch's nonce. cache.add is atomic: of two requests with the same token, one wins.
        nonce = self._get_jwt_body().get("nonce")
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
    problem = unreadable_claim(launch.get_launch_data())
    if problem:
        raise LaunchRefused(
            f"The LMS sent a launch this site cannot read ({problem}): ask the LMS's "
            "administrator to check the tool's settings.",
            status=400,
        )
    return launch


CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
OBJECT_CLAIMS = {
    "context": CLAIM + "context",
    "custom": CLAIM + "custom",
    "launch presentation": CLAIM + "launch_presentation",
    "platform": CLAIM + "tool_platform",
    "grade service": "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
    "roster service": "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
}


def unreadable_claim(claims: dict) -> str:
    """What in a correctly signed launch is not the shape the LTI specification gives it, so
    that a platform's mistake gets a clear page rather than an error deep in the code."""
    for name, claim in OBJECT_CLAIMS.items():
        if claim in claims and not isinstance(claims[claim], dict):
            return f"the {name} claim is not an object"
    if not isinstance(claims.get(CLAIM + "roles"), list):
        return "the roles claim is not a list"
    settings_claim = claims.get(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
    )
    if settings_claim is not None and not str(
        settings_claim.get("deep_link_return_url", "")
    ).startswith(("https://", "http://")):
        return "the deep linking return address is missing"
    resource_link = claims.get(CLAIM + "resource_link")
    if resource_link is not None and not isinstance(resource_link.get("id"), str):
        return "the resource link has no id"
    for text in ("sub", "name", "given_name", "family_name", "email"):
        if text in claims and (
            not isinstance(claims[text], str) or len(claims[text]) > 255
        ):
            return f"{text} is not a short text"
    return ""


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

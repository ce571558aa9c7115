"""The quiz inside the LMS's iframe: which pages the LMS may frame, and the cookies a framed
student's browser needs.

Inside the course page the tool is a third party. Over HTTPS its cookies must be
`SameSite=None; Secure`, or the browser keeps them out of the frame; a browser that blocks
third-party cookies altogether gets the quiz in a window of its own instead (the launch page
checks). Framing is the exception, not the rule: only an LTI student's quiz pages, and only by the
origins of the LMS that launched them; every other response still refuses to be framed, so that
no other site can overlay an answer form (clickjacking).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from lti_tool.models import LtiLaunch

from quiz.lti.models import LtiStudent, is_lti_browser
from quiz.middleware import QuizHttpRequest

# The student's own pages of an attempt, which a launched student opens inside the course page.
FRAMEABLE_PAGES = {"quiz:question", "quiz:results", "quiz:finish", "quiz:article"}


# A host name or IPv4 address and an optional port: all an origin in a header may hold.
ORIGIN_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def origin_of(url: str) -> str:
    """The URL's origin, or "" for anything else: the origins go into a response header, and
    a launch's return address is whatever the platform sent ("https://x.example; script-src *"
    would otherwise add a directive to the policy, a line break would break the response)."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return ""
    if parts.scheme not in {"https", "http"} or not ORIGIN_HOST.fullmatch(parts.netloc):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def platform_origins(lti_launch: LtiLaunch) -> list[str]:
    """Where the launching LMS shows its pages: its issuer and login addresses, and the page a
    student returns to (Canvas serves courses from the school's own host, not its issuer's)."""
    registration = lti_launch.registration
    candidates = [registration.issuer, registration.auth_url]
    presentation = lti_launch.launch_presentation_claim or {}
    candidates.append(presentation.get("return_url", ""))
    return sorted({origin_of(url) for url in candidates} - {""})


def framed_by_platform(response: HttpResponse, origins: list[str]) -> HttpResponse:
    """Let the LMS (and only it) show this page in its iframe."""
    response.xframe_options_exempt = True
    # django-csp reads this attribute (what its @csp_replace decorator sets) when it writes the header.
    response._csp_replace = {"frame-ancestors": origins or ["'none'"]}  # type: ignore[attr-defined]
    return response


def in_lms(request: HttpRequest) -> dict[str, bool]:
    """Context processor: `in_lms` is true on the pages an LMS shows in its frame (the tool's own
    pages, and a launched student's quiz pages). There, a link to the rest of the site (home,
    join, a quiz's page) would open a page that refuses to be framed, so templates leave it out,
    and a link to another site opens a new window."""
    match = request.resolver_match
    if match is None:
        return {"in_lms": False}
    framed = match.namespace == "lti" or (
        match.view_name in FRAMEABLE_PAGES
        and is_lti_browser(getattr(request, "browser_id", None))
    )
    return {"in_lms": framed}


class PlatformFramingMiddleware:
    """An LTI student's quiz pages may be framed by the LMS that launched them.

    Listed after XFrameOptionsMiddleware and CSPMiddleware (so it answers before they write their
    headers) and after BrowserIdMiddleware (which says whose browser this is).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: QuizHttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or match.view_name not in FRAMEABLE_PAGES:
            return response
        # The same address is framable for one browser and not for another: a shared cache must
        # not hand one's headers to the other.
        patch_vary_headers(response, ["Cookie"])
        browser_id = request.browser_id
        if browser_id and is_lti_browser(browser_id):
            origins = LtiStudent.objects.frame_origins(browser_id)
            if origins:
                framed_by_platform(response, origins)
        return response


class CrossSiteCookiesMiddleware:
    """An LTI browser's CSRF cookie, over HTTPS, is `SameSite=None; Secure`: inside the course
    page every request of the frame is cross-site, and a `Lax` cookie is not sent with the
    answer form's POST, which CSRF protection would then refuse.

    Only for LTI browsers, so that every other visitor keeps `Lax` as a second wall. Cross-site
    sending does not weaken the check itself: a forged request must also carry the token from the
    page, which another site cannot read, and on HTTPS Django also checks the Origin (or Referer).
    Listed before CsrfViewMiddleware, so that it sees the cookie that middleware sets.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        cookie = response.cookies.get(settings.CSRF_COOKIE_NAME)
        if (
            cookie is not None
            and request.is_secure()
            and is_lti_browser(getattr(request, "browser_id", None))
        ):
            cookie["samesite"] = "None"
            cookie["secure"] = True
        return response

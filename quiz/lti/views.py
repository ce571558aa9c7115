"""The tool's pages: OIDC login, launch, deep linking, and the teacher's view of an activity.

The LMS shows the launch inside an iframe on its own site. The launch sets the student's cookie
there, and its page asks (with a small script) whether the cookie came back: if so the quiz runs in
the frame (`quiz.lti.framing` lets the LMS frame that student's quiz pages), otherwise, and without
JavaScript, the page offers the quiz in its own window with a short-lived signed link that sets the
cookie first-party: this works whether or not the browser allows third-party cookies.
"""

from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import UUID

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from lti_tool.lti_core.constants import ContextRole
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import LtiContext, LtiDeployment, LtiLaunch, LtiUser
from lti_tool.utils import DjangoToolConfig, sync_data_from_launch
from lti_tool.views import jwks as library_jwks
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoOIDCLogin
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from quiz.lti import grades
from quiz.lti.forms import ChooseQuizForm, assignable_quizzes
from quiz.lti.framing import framed_by_platform, origin_of, platform_origins
from quiz.lti.launches import LaunchRefused, message_launch, tool_key
from quiz.lti.models import (
    LtiLink,
    LtiStudent,
    results_for_teacher,
    teacher_user,
    teaches,
)
from quiz.middleware import set_browser_cookie
from quiz.models import Attempt, StartRefused

ENTER_SALT = "quiz.lti.enter"
ENTER_MAX_AGE = 30 * 60
TEACHER_SALT = "quiz.lti.teacher"
TEACHER_MAX_AGE = 8 * 60 * 60
DEEP_LINK_MAX_AGE = 60 * 60
LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "lti_message_hint",
    "client_id",
    "lti_deployment_id",
)
TEACHING_ROLES = {ContextRole.INSTRUCTOR, ContextRole.ADMINISTRATOR}


def refused(
    request: HttpRequest, message: str, *, status: int, new_window_url: str = ""
) -> HttpResponse:
    response = render(
        request,
        "lti/refused.html",
        {"message": message, "new_window_url": new_window_url},
        status=status,
    )
    # A refusal may come before the platform is known, so any page may frame it: it has nothing
    # to click but "open in a new window", which is safe to overlay.
    response.xframe_options_exempt = True
    response._csp_replace = {"frame-ancestors": ["https:", "http:"]}
    return response


# --- Login and keys -------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """OIDC login initiation: the LMS sends the browser here first; we send it back to the LMS
    with a state (in a cookie) and a nonce (in the shared cache) that the launch must carry."""
    params = request.POST if request.method == "POST" else request.GET
    tool_key()  # django-lti's registrations sign with the newest key: there must be one
    oidc = DjangoOIDCLogin(
        request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage()
    )
    try:
        response = oidc.redirect(request.build_absolute_uri(reverse("lti:launch")))
    except (OIDCException, LtiException):
        return refused(
            request,
            "This LMS is not registered with this quiz site (or the login was incomplete): ask "
            "the site's administrator to add it.",
            status=HTTPStatus.BAD_REQUEST,
        )
    state = parse_qs(urlsplit(response["Location"]).query).get("state", [""])[0]
    # Kept for the "open in a new window" link, should this browser drop the state cookie.
    login_params = {name: params[name] for name in LOGIN_PARAMS if params.get(name)}
    cache.set(f"lti-login:{state}", login_params, timeout=10 * 60)
    return response


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    tool_key()
    return library_jwks(request)


# --- Launch ---------------------------------------------------------------------------------------


def new_window_url(request: HttpRequest) -> str:
    login_params = cache.get(f"lti-login:{request.POST.get('state', '')}")
    if not login_params:
        return ""
    return (
        reverse("lti:login")
        + "?"
        + urlencode({**login_params, "lti1p3_new_window": "1"})
    )


@csrf_exempt
@require_POST
@never_cache
def launch(request: HttpRequest) -> HttpResponse:
    """The LMS posts a signed launch here: a student goes to their attempt, a teacher to the
    activity's results, a teacher adding an activity to the quiz chooser."""
    try:
        lti_launch = LtiLaunch(message_launch(request))
        sync_data_from_launch(lti_launch)
        if not lti_launch.deployment.is_active:
            raise LaunchRefused(
                "This LMS deployment is not activated on the quiz site yet: ask the site's "
                "administrator to activate it."
            )
    except LaunchRefused as refusal:
        return refused(
            request,
            str(refusal),
            status=refusal.status,
            new_window_url=new_window_url(request) if refusal.status == 403 else "",
        )
    roles = {normalize_role(role) for role in lti_launch.roles_claim or []}
    if lti_launch.is_deep_link_launch:
        if not roles & TEACHING_ROLES:
            return refused(
                request, "Only teachers add quizzes to a course.", status=403
            )
        return choose_quiz(request, lti_launch)
    if not lti_launch.is_resource_launch:
        return refused(request, "This kind of launch is not supported.", status=400)
    custom = (
        lti_launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/custom") or {}
    )
    link = LtiLink.objects.for_launch(
        context=lti_launch.context,
        resource_link_id=lti_launch.resource_link_claim["id"],
        link_key=custom.get("quiz_link"),
    )
    if link is None:
        return refused(
            request,
            "This activity has no quiz chosen yet: a teacher edits it in the LMS and selects a quiz.",
            status=404,
        )
    link.remember_line_item((lti_launch.ags_claim or {}).get("lineitem", ""))
    if roles & TEACHING_ROLES:
        response = open_results(lti_launch, link)
    else:
        response = open_attempt(request, lti_launch, link)
    # Scores that waited for this platform get another try whenever someone launches, once this
    # launch's page has been delivered: nobody waits for it.
    return grades.send_after_response(response, link=link)


def open_results(lti_launch: LtiLaunch, link: LtiLink) -> HttpResponse:
    if lti_launch.context.memberships_url:
        grades.quietly(grades.sync_roster, lti_launch.context)
    teacher = teacher_user(lti_launch.user)
    token = signing.dumps({"user": teacher.pk, "link": link.pk}, salt=TEACHER_SALT)
    return redirect(reverse("lti:results", kwargs={"token": token}))


def open_attempt(
    request: HttpRequest, lti_launch: LtiLaunch, link: LtiLink
) -> HttpResponse:
    student = LtiStudent.for_user(lti_launch.user)
    name = lti_launch.user.name or " ".join(
        part
        for part in (lti_launch.user.given_name, lti_launch.user.family_name)
        if part
    )
    try:
        entry = link.enter(student=student, display_name=name)
    except StartRefused as refusal:
        return refused(request, str(refusal), status=403)
    token = signing.dumps(
        {"browser": student.browser_id, "next": entry.url}, salt=ENTER_SALT
    )
    enter_url = reverse("lti:enter", kwargs={"token": token})
    if lti_launch.document_target == "window":
        return redirect(enter_url)
    origins = platform_origins(lti_launch)
    student.remember_frame_origins(origins)
    # From here this request is the student's browser: its CSRF cookie, set with this page, is
    # then sendable from inside the frame too (quiz.lti.framing.CrossSiteCookiesMiddleware).
    request.browser_id = student.browser_id
    response = render(
        request,
        "lti/launched.html",
        {"quiz": link.assignment.quiz, "entry": entry, "enter_url": enter_url},
    )
    # The cookie that lets the quiz run inside the frame, if the browser keeps it there; the
    # page's script asks `cookie_check` whether it did.
    set_browser_cookie(response, student.browser_id, cross_site=request.is_secure())
    return framed_by_platform(response, origins)


@require_GET
@never_cache
def cookie_check(request: HttpRequest, attempt_id: UUID) -> JsonResponse:
    """Whether this browser sent back the cookie its launch set, so that its attempt opens where
    the launch page is (inside the course page). A browser that blocks third-party cookies sends
    none from inside the frame, and its launch page offers the quiz in a new window instead."""
    owns_attempt = Attempt.objects.owned(attempt_id, request.browser_id) is not None
    return JsonResponse({"cookie": owns_attempt})


@require_GET
@never_cache
def enter(request: HttpRequest, token: str) -> HttpResponse:
    """From the launch page to the attempt, in the student's own window: the signed link sets
    the cookie that makes the attempt theirs."""
    try:
        data = signing.loads(token, salt=ENTER_SALT, max_age=ENTER_MAX_AGE)
    except signing.BadSignature:
        return refused(
            request,
            "This link has expired: open the activity again from your course.",
            status=403,
        )
    response = redirect(data["next"])
    # Sendable cross-site over HTTPS, so that a later launch inside the frame finds it too.
    set_browser_cookie(response, data["browser"], cross_site=request.is_secure())
    return response


# --- Deep linking ---------------------------------------------------------------------------------


def choose_quiz(request: HttpRequest, lti_launch: LtiLaunch) -> HttpResponse:
    teacher = teacher_user(lti_launch.user)
    settings_claim = lti_launch.get_claim(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
    )
    token = signing.dumps(
        {
            "user": teacher.pk,
            "deployment": lti_launch.deployment.pk,
            "context": lti_launch.context.pk,
            "settings": settings_claim,
        },
        salt="quiz.lti.deep-link",
    )
    response = render(
        request,
        "lti/choose.html",
        {"quizzes": assignable_quizzes(teacher), "token": token, "errors": []},
    )
    return framed_by_platform(response, platform_origins(lti_launch))


@csrf_exempt  # the signed token, made for this teacher's deep-linking launch, is the proof
@require_POST
@never_cache
def deep_link(request: HttpRequest) -> HttpResponse:
    """The teacher chose a quiz: make its activity and send it back to the LMS, signed."""
    try:
        data = signing.loads(
            request.POST.get("token", ""),
            salt="quiz.lti.deep-link",
            max_age=DEEP_LINK_MAX_AGE,
        )
        deployment = LtiDeployment.objects.select_related("registration").get(
            pk=data["deployment"], is_active=True
        )
        context = deployment.contexts.get(pk=data["context"])
        teacher = deployment.registration.users.get(auth_user_id=data["user"]).auth_user
    except (
        signing.BadSignature,
        KeyError,
        LtiDeployment.DoesNotExist,
        LtiContext.DoesNotExist,
        LtiUser.DoesNotExist,
    ):
        return refused(
            request,
            "This choice has expired: add the activity again from your course.",
            status=403,
        )
    form = ChooseQuizForm(request.POST, teacher=teacher)
    if not form.is_valid():
        errors = [
            error for field_errors in form.errors.values() for error in field_errors
        ]
        return render(
            request,
            "lti/choose.html",
            {
                "quizzes": assignable_quizzes(teacher),
                "token": request.POST["token"],
                "errors": errors,
            },
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
        )
    quiz, score_maximum = form.cleaned_data["quiz"], form.cleaned_data["score_maximum"]
    link = LtiLink.create_for(
        quiz=quiz, context=context, teacher=teacher, score_maximum=score_maximum
    )
    resource = (
        DeepLinkResource()
        .set_url(request.build_absolute_uri(reverse("lti:launch")))
        .set_title(quiz.title)
        .set_custom_params({"quiz_link": str(link.key)})
        .set_lineitem(
            LineItem()
            .set_score_maximum(float(score_maximum))
            .set_label(quiz.title)
            .set_resource_id(str(link.key))
        )
    )
    registration = deployment.registration.to_registration()
    jwt_value = DeepLink(
        registration, deployment.deployment_id, data["settings"]
    ).get_response_jwt([resource])
    response = render(
        request,
        "lti/deep_link_return.html",
        {
            "return_url": data["settings"]["deep_link_return_url"],
            "jwt": jwt_value,
            "quiz": quiz,
        },
    )
    return_origin = origin_of(data["settings"]["deep_link_return_url"])
    response._csp_update = {"form-action": [return_origin]}
    return framed_by_platform(
        response, [origin_of(deployment.registration.issuer), return_origin]
    )


# --- Teachers -------------------------------------------------------------------------------------


@require_GET
@never_cache
def results(request: HttpRequest, token: str) -> HttpResponse:
    """The activity's live results for the LMS teacher who launched it: their students'
    attempts, each score's way to the gradebook, and who has not started."""
    try:
        data = signing.loads(token, salt=TEACHER_SALT, max_age=TEACHER_MAX_AGE)
    except signing.BadSignature:
        return refused(
            request,
            "This page has expired: open the activity again from your course.",
            status=403,
        )
    link = get_object_or_404(
        LtiLink.objects.select_related(
            "assignment__quiz", "context__deployment__registration"
        ),
        pk=data["link"],
    )
    if not teaches(data["user"], link):
        return refused(
            request,
            "You are no longer a teacher of this course in the LMS.",
            status=403,
        )
    response = render(request, "lti/results.html", results_for_teacher(link))
    registration = link.context.deployment.registration
    return framed_by_platform(
        response, [origin_of(registration.issuer), origin_of(registration.auth_url)]
    )

"""Calls to the LMS's services: queued scores to its gradebook (LTI Assignment and Grade
Services), and the course roster (Names and Role Provisioning), each with a timeout.

Every finished attempt of an LMS student gets a row in LtiScore (see `queue_finished_scores`);
rows are posted to the activity's line item and kept until the platform accepts them. A refusal
or an unreachable platform only moves the next try later (`LtiScore.mark_failed`).

The student's last answer only writes the row: its page never waits for the LMS. Tries happen
once after that page has been delivered (`ScoreSendingMiddleware`), after the page of every
launch of the activity (`send_after_response`), and from `manage.py lti_send_scores`, which cron
runs every few minutes: that command is what guarantees delivery, the other two only make it
sooner. Each try first claims its row
(`LtiScore.claim`), so two senders at once never post the same score twice.
"""

import logging
from datetime import datetime
from functools import partial

import requests
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from lti_tool.models import LtiContext
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from quiz.lti.models import LtiScore, is_lti_browser, queue_finished_scores

logger = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# No student waits for a score (tries come after their page, or from cron); this bounds how long
# a worker is kept busy by a platform that hangs, once per try, and a teacher's launch by the
# roster.
PLATFORM_TIMEOUT_SECONDS = 5


class PatientSession(requests.Session):
    """requests has no default timeout; a platform that hangs must not hang a student's page."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", PLATFORM_TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


def score_document(score: LtiScore, now: datetime) -> Grade:
    return (
        Grade()
        .set_score_given(float(score.score_given))
        .set_score_maximum(float(score.score_maximum))
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(score.finished_at.isoformat())
        .set_user_id(score.lti_user.sub)
    )


def send_due_scores(
    *, browser_id: str | None = None, link=None, now: datetime | None = None
) -> tuple[int, int]:
    """Queue newly finished attempts' scores and post those due (one browser's, one
    activity's, or all); returns (sent, failed). A platform that cannot be reached is not
    tried again in the same run, so one run never waits on it more than once."""
    queue_finished_scores(browser_id=browser_id)
    now = now or timezone.now()
    due = LtiScore.objects.due(now).select_related("link", "lti_user__registration")
    if browser_id is not None:
        due = due.filter(attempt__browser_id=browser_id)
    if link is not None:
        due = due.filter(link=link)
    connectors: dict[int, ServiceConnector] = {}
    unreachable: set[int] = set()
    sent = failed = 0
    for score in due:
        registration = score.lti_user.registration
        if registration.pk in unreachable or not score.claim(now):
            continue
        if registration.pk not in connectors:
            connectors[registration.pk] = ServiceConnector(
                registration.to_registration(), requests_session=PatientSession()
            )
        if not score.link.line_item_url:
            score.mark_failed(
                now, "The LMS has not told us the activity's grade column yet."
            )
            failed += 1
            continue
        service = AssignmentsGradesService(
            connectors[registration.pk],
            {"scope": [SCORE_SCOPE], "lineitem": score.link.line_item_url},
        )
        try:
            service.put_grade(score_document(score, now))
        except LtiServiceException as error:
            score.mark_failed(now, f"The LMS refused the score: {error}")
            failed += 1
        except (LtiException, requests.RequestException, ValueError, KeyError) as error:
            score.mark_failed(now, f"The LMS could not be reached: {error}")
            unreachable.add(registration.pk)
            failed += 1
        else:
            score.mark_sent(now)
            sent += 1
    return sent, failed


def sync_roster(context: LtiContext) -> None:
    """The course's members from the LMS, as django-lti's `sync_memberships` reads them, but
    with a timeout: its own connection has none, so a roster service that hangs would hang the
    teacher's launch until the worker is killed."""
    connector = ServiceConnector(
        context.deployment.registration.to_registration(),
        requests_session=PatientSession(),
    )
    roster = NamesRolesProvisioningService(
        connector, {"context_memberships_url": context.memberships_url}
    )
    context.update_memberships(roster.get_members())


def send_after_response(response: HttpResponse, **which) -> HttpResponse:
    """Try the due scores (`send_due_scores(**which)`) once the WSGI server has delivered this
    response and closes it. Django runs a response's closers from close(), as FileResponse
    closes its file, and before request_finished hands the database connection back."""
    response._resource_closers.append(partial(quietly, send_due_scores, **which))  # type: ignore[attr-defined]
    return response


def quietly(function, *args, **kwargs):
    """Run a call to the platform whose failure must not stop the page (it is retried later);
    its result, or None if it failed. A busy database counts too: the student's answer is
    already stored, and cron queues the score later."""
    try:
        return function(*args, **kwargs)
    except (
        LtiException,
        requests.RequestException,
        ValueError,
        KeyError,
        TypeError,
        DatabaseError,
    ) as error:
        logger.warning("LTI platform call %s failed: %s", function.__name__, error)
        return None


class ScoreSendingMiddleware:
    """After an LMS student's answer, queue the score of an attempt it finished, and try to send
    it once the student has their page.

    Queueing is a database write, so the answer's page is as fast as any other. The one try
    runs when the WSGI server closes the response, which it does only after delivering it: the
    student never waits for the LMS, and no thread is started that a worker restart could cut
    off. A worker that dies during the try loses nothing either: the row stays waiting and cron
    sends it. Watching requests here keeps the attempt code free of LTI: only browsers launched
    from an LMS (`is_lti_browser`) pay one query per POST.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        browser_id = getattr(request, "browser_id", None)
        if (
            request.method == "POST"
            and is_lti_browser(browser_id)
            and response.status_code < 400
            and quietly(queue_finished_scores, browser_id=browser_id)
        ):
            send_after_response(response, browser_id=browser_id)
        return response

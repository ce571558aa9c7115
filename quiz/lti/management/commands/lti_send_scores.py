"""Send LMS students' waiting scores to their gradebooks; run it from cron every few minutes.

Scores the platform refused or could not take wait with growing pauses (one minute, doubling,
at most six hours) and are never dropped.
"""

from django.core.management.base import BaseCommand

from quiz.lti.grades import send_due_scores
from quiz.lti.models import LtiScore


class Command(BaseCommand):
    help = "Post waiting LTI scores to the LMS gradebooks, retrying with back-off."

    def handle(self, *args, **options) -> None:
        sent, failed = send_due_scores()
        waiting = LtiScore.objects.waiting().count()
        self.stdout.write(f"Sent {sent}, failed {failed}, still waiting {waiting}.")

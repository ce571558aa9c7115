from django.apps import AppConfig


class LtiConfig(AppConfig):
    """LTI 1.3: the quiz as an activity inside a school's LMS (see docs/lti.md)."""

    name = "quiz.lti"
    label = "quiz_lti"
    verbose_name = "LTI (LMS integration)"
    default_auto_field = "django.db.models.BigAutoField"

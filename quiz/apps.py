from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = "Fact-checking quiz"
    default = True


class QuizAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site: sign-in throttled, autocomplete and "View on site" scoped to
    the teacher (see quiz/admin_site.py). Named in INSTALLED_APPS in place of
    django.contrib.admin; not the quiz app's own config."""

    default = False
    default_site = "quiz.admin_site.QuizAdminSite"

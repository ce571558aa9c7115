"""The admin site: teachers sign in here, throttled; its autocomplete labels questions by status
and article; its "View on site" leads only to what the teacher's admin shows.

Installed through `QuizAdminConfig.default_site` (quiz/apps.py), so `admin.site` is this site
everywhere, also for quiz.lti's and django-lti's model admins. Beside the `quiz.admin` package, not
in it: Django imports this module while it sets up `admin.site`, and importing the package would
register the model admins on a site that is then thrown away.
"""

from http import HTTPStatus

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from quiz.limits import (
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    client_address,
    normalise_account,
    sign_in_allowed,
    sign_in_succeeded,
)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, labelling each result the way its model admin's
    `autocomplete_label` says (questions by status and article) instead of by `str()` alone."""

    def serialize_result(self, obj: models.Model, to_field_name: str) -> dict:
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {**result, "text": label(obj)} if label else result


class QuizAdminSite(admin.AdminSite):
    # Teachers live in wide lists (questions with their citations and review notes): the page's
    # width goes to the columns rather than to a second list of the same five models.
    enable_nav_sidebar = False

    @method_decorator(require_http_methods(["GET", "POST"]))
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Each try is counted before its password is checked, and refused once the account has
        failed too often from this address (or the address, or the account from everywhere, at
        much higher counts); a right password takes its own count back."""
        if request.method != "POST":
            return super().login(request, extra_context)
        account = normalise_account(request.POST.get("username", ""))
        address = client_address(request)
        if not sign_in_allowed(account, address):
            context = {"minutes": LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS.minutes}
            return render(
                request,
                "admin/login_throttled.html",
                context,
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
        response = super().login(request, extra_context)
        if (
            response.status_code == HTTPStatus.FOUND
        ):  # signed in; a wrong password: the form
            sign_in_succeeded(account, address)
        return response

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def view_on_site(
        self, request: HttpRequest, content_type_id: int, object_id: str
    ) -> HttpResponse:
        """The admin's "View on site" redirect, for objects this teacher's admin shows. Django's
        own redirects to any object's page by content type and id, which would hand a teacher
        another teacher's join codes and private slugs (ids are sequential)."""
        content_type = get_object_or_404(ContentType, pk=content_type_id)
        model = content_type.model_class()
        if model is None or not self.is_registered(model):
            raise Http404("No such object.")
        model_admin = self.get_model_admin(model)
        if not model_admin.has_view_permission(request) or (
            model_admin.get_object(request, object_id) is None
        ):
            raise Http404("No such object.")
        return shortcut(request, content_type_id, object_id)

    def get_urls(self) -> list[URLPattern]:
        # Ahead of Django's own "r/<content type>/<id>/", which it replaces.
        view_on_site = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [view_on_site, *super().get_urls()]

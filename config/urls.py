from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from quiz import views
from quiz.admin import autocomplete, view_on_site

urlpatterns = [
    # Before the admin's own URLs, so that signing in is rate limited.
    path("admin/login/", views.admin_login, name="admin_login"),
    # Before the admin's own URLs, so that "View on site" finds only what the teacher may see.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    # Before the admin's own URLs, so that questions are offered with their status and article.
    path("admin/autocomplete/", admin.site.admin_view(autocomplete)),
    path("admin/", admin.site.urls),
    # For browsers and tools that ask without reading the pages' <link rel="icon">. Lazy: the
    # static file's hashed name is known only once the app runs.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
    path("healthz", views.healthz, name="healthz"),
    path("lti/", include("quiz.lti.urls")),
    path("", include("quiz.urls")),
]

handler500 = "quiz.views.server_error"

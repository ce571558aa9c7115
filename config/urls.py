from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from quiz import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # For browsers and tools that ask without reading the pages' <link rel="icon">. Lazy: the
    # static file's hashed name is known only once the app runs.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
    path("healthz", views.healthz, name="healthz"),
    path("lti/", include("quiz.lti.urls")),
    path("", include("quiz.urls")),
]

handler500 = "quiz.views.server_error"

from django.contrib import admin
from django.urls import include, path

from quiz import views
from quiz.admin import view_on_site

urlpatterns = [
    # Before the admin's own URLs, so that signing in is rate limited.
    path("admin/login/", views.admin_login, name="admin_login"),
    # Before the admin's own URLs, so that "View on site" finds only what the teacher may see.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("quiz.urls")),
]

handler500 = "quiz.views.server_error"

from django.contrib import admin
from django.urls import include, path

from quiz import views

urlpatterns = [
    # Before the admin's own URLs, so that signing in is rate limited.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("lti/", include("quiz.lti.urls")),
    path("", include("quiz.urls")),
]

handler500 = "quiz.views.server_error"

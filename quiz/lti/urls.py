from django.urls import path

from quiz.lti import views

app_name = "lti"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
    path("deep-link/", views.deep_link, name="deep_link"),
    path("enter/<str:token>/", views.enter, name="enter"),
    path("cookie-check/<uuid:attempt_id>/", views.cookie_check, name="cookie_check"),
    path("results/<str:token>/", views.results, name="results"),
]

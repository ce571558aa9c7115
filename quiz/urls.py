from django.urls import path

from quiz import views

app_name = "quiz"

urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz"),
    path(
        "attempts/<uuid:attempt_id>/questions/<int:position>/",
        views.question,
        name="question",
    ),
    path("attempts/<uuid:attempt_id>/results/", views.results, name="results"),
    path("articles/<slug:slug>/", views.article, name="article"),
]

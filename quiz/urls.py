from django.urls import path

from quiz import views

app_name = "quiz"

urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz"),
    path("quizzes/<slug:slug>/preview/", views.preview_quiz, name="preview_quiz"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path(
        "attempts/<uuid:attempt_id>/questions/<int:position>/",
        views.question,
        name="question",
    ),
    path("attempts/<uuid:attempt_id>/results/", views.results, name="results"),
    path("attempts/<uuid:attempt_id>/finish/", views.finish, name="finish"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path(
        "preview/questions/<int:question_id>/",
        views.preview_question,
        name="preview_question",
    ),
]

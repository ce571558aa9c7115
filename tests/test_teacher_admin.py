"""The teacher's side as a teacher meets it: building a quiz from questions of several articles,
setting an assignment, and reading the question list (issue 13, items 2, 3 and 11)."""

import warnings
from http import HTTPStatus

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.paginator import UnorderedObjectListWarning
from django.templatetags.static import static
from django.test import TestCase
from django.urls import reverse

from quiz.models import Assignment, Attempt, Question, Quiz, QuizEntry
from tests.factories import make_article, make_question, make_quiz, make_teacher


def quiz_form(*, questions: list[Question], published: bool, **overrides) -> dict:
    data = {
        "title": "Week 3",
        "slug": "week-3",
        "description": "",
        "shuffle_choices": "on",
        "feedback": "after_each",
        "max_attempts": "",
        "time_limit_minutes": "",
        "pass_mark": "",
        "pass_message": "",
        "fail_message": "",
        "entries-TOTAL_FORMS": str(len(questions)),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    if published:
        data["published"] = "on"
    for index, question in enumerate(questions):
        data[f"entries-{index}-position"] = str(index + 1)
        data[f"entries-{index}-question"] = str(question.pk)
    data.update(overrides)
    return data


class TeacherTestCase(TestCase):
    """A signed-in teacher with an article of published and draft questions, a second article,
    and another teacher's private article and quiz."""

    def setUp(self):
        self.teacher = make_teacher(username="ms-okafor")
        self.bridges = make_article(owner=self.teacher, title="Council plans bridges")
        self.published = make_question(
            article=self.bridges, prompt="How many bridges will the council build?"
        )
        self.draft = make_question(
            article=self.bridges,
            prompt="Who is the mayor?",
            status=Question.Status.DRAFT,
            review_notes="Distractors are other names from the article: check them.",
        )
        self.retired = make_question(
            article=self.bridges,
            prompt="When will the first bridge open?",
            status=Question.Status.RETIRED,
        )
        self.harbour = make_article(owner=self.teacher, title="Harbour reopens")
        self.harbour_question = make_question(
            article=self.harbour, prompt="What did the critics ask for?"
        )
        self.other_teacher = make_teacher(username="mr-lee")
        self.others_article = make_article(
            owner=self.other_teacher, title="Mr Lee's private article"
        )
        self.others_question = make_question(
            article=self.others_article, prompt="Mr Lee's question?"
        )
        self.others_quiz = make_quiz(
            owner=self.other_teacher,
            questions=[self.others_question],
            title="Mr Lee's quiz",
        )
        self.client.force_login(self.teacher)


class QuizBuilderTests(TeacherTestCase):
    def autocomplete(self, term: str) -> list[dict]:
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "quiz",
                "model_name": "quizentry",
                "field_name": "question",
                "term": term,
            },
        )
        assert response.status_code == HTTPStatus.OK
        return response.json()["results"]

    def test_questions_are_offered_with_their_status_and_article(self):
        labels = {
            int(result["id"]): result["text"] for result in self.autocomplete("Who")
        }
        assert (
            labels[self.draft.pk] == "[Draft] Council plans bridges — Who is the mayor?"
        )

    def test_typing_an_articles_title_offers_that_articles_questions(self):
        offered = {int(result["id"]) for result in self.autocomplete("Harbour")}
        assert offered == {self.harbour_question.pk}

    def test_the_quiz_form_shows_each_questions_article_and_status(self):
        quiz = make_quiz(
            owner=self.teacher,
            questions=[self.harbour_question, self.draft],
            published=False,
        )
        page = self.client.get(reverse("admin:quiz_quiz_change", args=[quiz.pk]))
        assert page.status_code == HTTPStatus.OK
        html = " ".join(page.text.split())
        assert '<td class="field-question_article"> <p>Harbour reopens</p>' in html
        assert '<span class="status status-draft">Draft</span>' in page.text
        assert "[Draft] Council plans bridges — Who is the mayor?" in page.text
        assert "1 of 2 published: students are asked only the published ones." in (
            page.text
        )

    def test_an_unpublished_quiz_may_hold_drafts_while_it_is_built(self):
        response = self.client.post(
            reverse("admin:quiz_quiz_add"),
            quiz_form(questions=[self.published, self.draft], published=False),
        )
        assert response.status_code == HTTPStatus.FOUND, response.text
        quiz = Quiz.objects.get(slug="week-3")
        assert set(quiz.questions.all()) == {self.published, self.draft}

    def test_publishing_a_quiz_that_holds_drafts_is_refused_and_saves_nothing(self):
        response = self.client.post(
            reverse("admin:quiz_quiz_add"),
            quiz_form(questions=[self.published, self.draft], published=True),
        )
        assert response.status_code == HTTPStatus.OK
        assert (
            "A published quiz asks only published questions, and 1 of these is a draft "
            "that students would not see: “Who is the mayor?” (Council plans bridges)."
        ) in response.text.replace("&quot;", "")
        assert not Quiz.objects.filter(slug="week-3").exists()

    def test_a_published_quiz_cannot_take_a_draft_later(self):
        quiz = make_quiz(owner=self.teacher, questions=[self.published])
        entry = quiz.entries.get()
        data = quiz_form(
            questions=[self.published, self.draft],
            published=True,
            title=quiz.title,
            slug=quiz.slug,
        )
        data.update({"entries-INITIAL_FORMS": "1", "entries-0-id": str(entry.pk)})
        response = self.client.post(
            reverse("admin:quiz_quiz_change", args=[quiz.pk]), data
        )
        assert "students would not see" in response.text
        assert list(quiz.questions.all()) == [self.published]

    def test_a_retired_question_may_stay_in_a_published_quiz(self):
        quiz = make_quiz(owner=self.teacher, questions=[self.published, self.retired])
        data = quiz_form(
            questions=[self.published, self.retired],
            published=True,
            title=quiz.title,
            slug=quiz.slug,
        )
        entries = list(quiz.entries.all())
        data["entries-INITIAL_FORMS"] = "2"
        for index, entry in enumerate(entries):
            data[f"entries-{index}-id"] = str(entry.pk)
        response = self.client.post(
            reverse("admin:quiz_quiz_change", args=[quiz.pk]), data
        )
        assert response.status_code == HTTPStatus.FOUND, response.text

    def test_students_are_never_asked_a_draft(self):
        quiz = make_quiz(
            owner=self.teacher, questions=[self.draft, self.published], published=False
        )
        assignment = Assignment.objects.create(
            quiz=quiz, title="Class 9B", owner=self.teacher
        )
        attempt = Attempt.objects.start(
            quiz, browser_id="student", assignment=assignment, display_name="Ada"
        )
        assert attempt.question_ids == [self.published.pk]

    def test_the_quiz_search_is_ordered_by_title(self):
        make_quiz(owner=self.teacher, title="Zebra crossings", question_count=1)
        make_quiz(owner=self.teacher, title="Avenues", question_count=1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = self.client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": "quiz",
                    "model_name": "assignment",
                    "field_name": "quiz",
                    "term": "",
                },
            )
        titles = [result["text"] for result in response.json()["results"]]
        assert titles == sorted(titles)
        assert not [w for w in caught if w.category is UnorderedObjectListWarning]


class AddToQuizActionTests(TeacherTestCase):
    changelist = reverse("admin:quiz_question_changelist")

    def choose(self, questions: list[Question]):
        """The first step: the action picked on the question list."""
        return self.client.post(
            self.changelist,
            {
                "action": "add_to_quiz",
                "index": "0",
                "_selected_action": [question.pk for question in questions],
            },
        )

    def apply(self, questions: list[Question], quiz_id: int):
        """The second step: a quiz chosen on the intermediate page."""
        return self.client.post(
            self.changelist,
            {
                "action": "add_to_quiz",
                "_selected_action": [question.pk for question in questions],
                "quiz": str(quiz_id),
                "apply": "Add to the quiz",
            },
            follow=True,
        )

    def test_the_teacher_chooses_one_of_their_own_quizzes(self):
        make_quiz(
            owner=self.teacher,
            questions=[self.published, self.draft],
            title="Week 3",
            published=False,
        )
        make_quiz(title="Shared library quiz", question_count=1)
        page = self.choose([self.draft, self.harbour_question])
        assert page.status_code == HTTPStatus.OK
        assert "Week 3 — questions: 1 of 2 published" in page.text
        assert "Shared library quiz" not in page.text
        assert "Mr Lee" not in page.text
        assert "Who is the mayor?" in page.text and "Harbour reopens" in page.text

    def test_selected_questions_are_appended_once_each_and_the_teacher_is_told(self):
        quiz = make_quiz(
            owner=self.teacher, questions=[self.published], published=False
        )
        page = self.apply(
            [self.published, self.draft, self.harbour_question, self.retired], quiz.pk
        )
        assert page.status_code == HTTPStatus.OK
        assert [entry.question for entry in quiz.entries.order_by("position")] == [
            self.published,
            self.draft,
            self.harbour_question,
        ]
        message = "".join(str(m) for m in page.context["messages"])
        assert message.startswith(
            f"Added 2 question(s) to “{quiz}”. 1 of them is a draft: students see it "
            "only once you publish it. 1 already in the quiz, not added twice. "
            "1 retired, not added."
        )
        self.apply([self.published, self.draft], quiz.pk)
        assert quiz.entries.count() == 3

    def test_a_published_quiz_takes_only_published_questions(self):
        quiz = make_quiz(owner=self.teacher, questions=[], published=True)
        page = self.apply([self.draft, self.harbour_question], quiz.pk)
        assert list(quiz.questions.all()) == [self.harbour_question]
        assert "1 draft(s) not added: the quiz is published" in page.text

    def test_another_teachers_quiz_or_question_is_refused_and_nothing_changes(self):
        own_quiz = make_quiz(owner=self.teacher, questions=[], published=False)
        refused = self.apply([self.harbour_question], self.others_quiz.pk)
        assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "Select a valid choice" in refused.text
        assert list(self.others_quiz.questions.all()) == [self.others_question]

        self.apply([self.harbour_question, self.others_question], own_quiz.pk)
        assert list(own_quiz.questions.all()) == [self.harbour_question]

    def test_a_teacher_without_a_quiz_is_told_to_add_one(self):
        page = self.choose([self.published])
        assert "You have no quiz of your own yet." in page.text
        assert reverse("admin:quiz_quiz_add") in page.text
        assert not QuizEntry.objects.filter(question=self.published).exists()


class AssignmentTests(TeacherTestCase):
    def test_an_assignment_on_a_quiz_without_published_questions_is_refused(self):
        drafts_only = make_quiz(
            owner=self.teacher,
            questions=[self.draft],
            title="Drafts only",
            published=False,
        )
        response = self.client.post(
            reverse("admin:quiz_assignment_add"),
            {"quiz": drafts_only.pk, "title": "Class 9B"},
        )
        assert response.status_code == HTTPStatus.OK
        assert (
            "“Drafts only” has no published questions (0 of 1 published), so students "
            "who join would have nothing to answer."
        ) in response.text
        assert not Assignment.objects.exists()

    def test_the_model_refuses_it_too(self):
        empty = make_quiz(owner=self.teacher, questions=[], published=False)
        assignment = Assignment(quiz=empty, title="Class 9B", owner=self.teacher)
        with self.assertRaises(ValidationError) as refused:
            assignment.full_clean()
        assert "quiz" in refused.exception.message_dict

    def test_the_quiz_choices_say_published_of_total(self):
        make_quiz(
            owner=self.teacher,
            questions=[self.published, self.draft, self.retired],
            title="Week 3",
            published=False,
        )
        page = self.client.get(reverse("admin:quiz_assignment_add"))
        assert ">Week 3 — questions: 1 of 3 published</option>" in page.text

    def test_the_quiz_list_says_published_of_total(self):
        make_quiz(
            owner=self.teacher,
            questions=[self.published, self.draft],
            title="Week 3",
            published=False,
        )
        page = self.client.get(reverse("admin:quiz_quiz_changelist"))
        assert '<td class="field-questions_published">1 of 2 published</td>' in (
            page.text
        )


class QuestionListTests(TeacherTestCase):
    def test_the_list_shows_the_cited_words_and_the_review_notes(self):
        page = self.client.get(reverse("admin:quiz_question_changelist"))
        assert (
            '<q class="cited-words">The river council said on Monday it will build 12 '
            "new bridges before 2030.</q>"
        ) in page.text
        assert (
            '<td class="field-review_notes_shown"><span class="review-notes">Distractors '
            "are other names from the article: check them.</span></td>"
        ) in page.text
        assert '<span class="status status-draft">Draft</span>' in page.text

    def test_the_review_notes_stand_beside_the_status_on_the_question_form(self):
        page = self.client.get(
            reverse("admin:quiz_question_change", args=[self.draft.pk])
        )
        text = page.text
        notes = text.index('class="form-row field-review_notes"')
        assert text.index('class="form-row field-explanation"') < notes
        assert notes < text.index('class="form-row field-status"')
        assert text.index('class="form-row field-status"') < text.index("Citation</h2>")


class FaviconTests(TestCase):
    def test_admin_pages_name_the_icon_and_favicon_ico_leads_to_it(self):
        page = self.client.get(reverse("admin:login"))
        assert f'<link rel="icon" href="{static("favicon.svg")}"' in page.text
        response = self.client.get("/favicon.ico")
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == static("favicon.ico")
        assert finders.find("favicon.ico") and finders.find("favicon.svg")

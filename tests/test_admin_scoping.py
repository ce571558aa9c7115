"""A second teacher in the admin: forged ids, autocomplete, actions and filter sidebars must never
reach or reveal another teacher's private articles, questions, quizzes, assignments or results."""

from http import HTTPStatus

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.forms import ModelChoiceField
from django.test import RequestFactory, TestCase
from django.urls import reverse

from quiz.models import Article, Assignment, Attempt, Question, Quiz, QuizEntry
from tests.factories import make_article, make_question, make_quiz, make_teacher


def quiz_form(*, question_ids: list[int], **overrides) -> dict:
    data = {
        "title": "B's quiz",
        "slug": "b-quiz",
        "description": "",
        "shuffle_choices": "on",
        "feedback": "after_each",
        "max_attempts": "",
        "time_limit_minutes": "",
        "pass_mark": "",
        "pass_message": "",
        "fail_message": "",
        "entries-TOTAL_FORMS": str(len(question_ids)),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for index, question_id in enumerate(question_ids):
        data[f"entries-{index}-position"] = str(index + 1)
        data[f"entries-{index}-question"] = str(question_id)
    data.update(overrides)
    return data


def question_form(*, article_id: int) -> dict:
    return {
        "article": article_id,
        "kind": "true_false",
        "prompt": "The council will build 12 bridges.",
        "explanation": "The council said 12.",
        "status": "draft",
        "citation_quote": "it will build 12 new bridges before 2030",
        "citation_start": "",
        "citation_end": "",
        "origin": "hand_written",
        "review_notes": "",
        "key": "",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-position": "0",
        "choices-0-text": "True",
        "choices-0-is_correct": "on",
        "choices-1-position": "1",
        "choices-1-text": "False",
    }


class SecondTeacherTestCase(TestCase):
    """Teacher A has a private article with a draft question, a private quiz, an assignment with a
    student's attempt; teacher B, signed in, has their own; the shared library has one of each."""

    def setUp(self):
        self.teacher_a = make_teacher(username="teacher-a")
        self.teacher_b = make_teacher(username="teacher-b")
        self.a_article = make_article(
            owner=self.teacher_a, title="A's private harbour article"
        )
        self.a_draft = make_question(
            article=self.a_article,
            prompt="A's draft question about harbours?",
            status=Question.Status.DRAFT,
        )
        self.a_quiz = make_quiz(
            owner=self.teacher_a,
            questions=[make_question(article=self.a_article), self.a_draft],
            title="A's private quiz",
            published=False,
        )
        self.a_assignment = Assignment.objects.create(
            quiz=self.a_quiz, title="A's class 7C", owner=self.teacher_a
        )
        Attempt.objects.start(
            self.a_quiz,
            browser_id="a-student",
            assignment=self.a_assignment,
            display_name="Ann",
        )

        self.b_article = make_article(owner=self.teacher_b, title="B's own article")
        self.b_question = make_question(
            article=self.b_article, prompt="B's own question?"
        )
        self.shared_article = make_article(title="Shared library article")
        self.shared_question = make_question(
            article=self.shared_article,
            prompt="Shared library question?",
            status=Question.Status.DRAFT,
        )
        self.client.force_login(self.teacher_b)


class ForgedIdTests(SecondTeacherTestCase):
    def test_a_forged_question_id_on_a_new_quiz_is_refused_and_nothing_is_saved(self):
        # The attack from the issue: B adds a quiz whose entry names A's draft question by id.
        response = self.client.post(
            reverse("admin:quiz_quiz_add"), quiz_form(question_ids=[self.a_draft.pk])
        )
        assert response.status_code == HTTPStatus.OK
        assert "Select a valid choice" in response.text
        assert not Quiz.objects.filter(slug="b-quiz").exists()
        assert QuizEntry.objects.filter(question=self.a_draft).count() == 1

    def test_a_forged_question_id_on_an_existing_quiz_is_refused(self):
        b_quiz = make_quiz(owner=self.teacher_b, questions=[self.b_question])
        entry = b_quiz.entries.get()
        data = quiz_form(
            question_ids=[self.b_question.pk, self.a_draft.pk],
            title=b_quiz.title,
            slug=b_quiz.slug,
        )
        data.update({"entries-INITIAL_FORMS": "1", "entries-0-id": str(entry.pk)})
        response = self.client.post(
            reverse("admin:quiz_quiz_change", args=[b_quiz.pk]), data
        )
        assert response.status_code == HTTPStatus.OK
        assert "Select a valid choice" in response.text
        assert list(b_quiz.questions.all()) == [self.b_question]

    def test_a_foreign_question_already_in_a_quiz_must_be_removed_before_saving(self):
        # A quiz that took another teacher's question before this rule cannot be saved (nor
        # published) until the entry is removed.
        b_quiz = make_quiz(
            owner=self.teacher_b, questions=[self.a_draft], published=False
        )
        change_url = reverse("admin:quiz_quiz_change", args=[b_quiz.pk])
        data = quiz_form(
            question_ids=[self.a_draft.pk],
            title=b_quiz.title,
            slug=b_quiz.slug,
            published="on",
        )
        entry_id = b_quiz.entries.get().pk
        data.update({"entries-INITIAL_FORMS": "1", "entries-0-id": str(entry_id)})
        refused = self.client.post(change_url, data)
        assert "Select a valid choice" in refused.text
        b_quiz.refresh_from_db()
        assert not b_quiz.published
        data["entries-0-DELETE"] = "on"
        assert self.client.post(change_url, data).status_code == HTTPStatus.FOUND
        assert not b_quiz.entries.exists()
        assert Question.objects.filter(pk=self.a_draft.pk).exists()

    def test_own_and_shared_questions_can_still_be_put_in_a_quiz(self):
        response = self.client.post(
            reverse("admin:quiz_quiz_add"),
            quiz_form(question_ids=[self.b_question.pk, self.shared_question.pk]),
        )
        assert response.status_code == HTTPStatus.FOUND, response.text
        quiz = Quiz.objects.get(slug="b-quiz")
        assert quiz.owner == self.teacher_b
        assert set(quiz.questions.all()) == {self.b_question, self.shared_question}

    def test_a_question_cannot_be_written_on_another_teachers_or_the_shared_article(
        self,
    ):
        for article in (self.a_article, self.shared_article):
            questions_before = article.questions.count()
            response = self.client.post(
                reverse("admin:quiz_question_add"),
                question_form(article_id=article.pk),
            )
            assert response.status_code == HTTPStatus.OK
            assert "Select a valid choice" in response.text
            assert article.questions.count() == questions_before

    def test_a_question_cannot_be_moved_onto_another_teachers_article(self):
        data = question_form(article_id=self.a_article.pk)
        data["choices-TOTAL_FORMS"] = "0"
        response = self.client.post(
            reverse("admin:quiz_question_change", args=[self.b_question.pk]), data
        )
        assert response.status_code == HTTPStatus.OK
        assert "Select a valid choice" in response.text
        self.b_question.refresh_from_db()
        assert self.b_question.article == self.b_article

    def test_an_assignment_cannot_be_set_on_another_teachers_private_quiz(self):
        response = self.client.post(
            reverse("admin:quiz_assignment_add"),
            {"quiz": self.a_quiz.pk, "title": "B's class", "closes_at_0": ""},
        )
        assert response.status_code == HTTPStatus.OK
        assert "Select a valid choice" in response.text
        assert not Assignment.objects.filter(owner=self.teacher_b).exists()

    def test_an_assignment_cannot_be_moved_onto_another_teachers_private_quiz(self):
        b_assignment = Assignment.objects.create(
            quiz=make_quiz(owner=self.teacher_b, questions=[self.b_question]),
            title="B's class",
            owner=self.teacher_b,
        )
        response = self.client.post(
            reverse("admin:quiz_assignment_change", args=[b_assignment.pk]),
            {"quiz": self.a_quiz.pk, "title": "B's class", "closes_at_0": ""},
        )
        assert "Select a valid choice" in response.text
        b_assignment.refresh_from_db()
        assert b_assignment.quiz != self.a_quiz

    def test_a_forged_owner_is_ignored(self):
        self.client.post(
            reverse("admin:quiz_article_add"),
            {
                "title": "Mine",
                "slug": "mine",
                "text": "The council met on Monday.",
                "owner": self.teacher_a.pk,
            },
        )
        assert Article.objects.get(slug="mine").owner == self.teacher_b

    def test_a_forged_choice_id_does_not_change_another_teachers_choice(self):
        a_choice = self.a_draft.choices.get(is_correct=True)
        data = question_form(article_id=self.b_article.pk)
        data.update(
            {
                "choices-INITIAL_FORMS": "1",
                "choices-0-id": str(a_choice.pk),
                "choices-0-text": "Rewritten by B",
                "choices-0-is_correct": "",
            }
        )
        self.client.post(
            reverse("admin:quiz_question_change", args=[self.b_question.pk]), data
        )
        a_choice.refresh_from_db()
        assert a_choice.text == "12" and a_choice.is_correct
        assert a_choice.question == self.a_draft

    def test_a_forged_entry_id_does_not_move_another_teachers_entry(self):
        b_quiz = make_quiz(owner=self.teacher_b, questions=[self.b_question])
        a_entry = self.a_quiz.entries.get(question=self.a_draft)
        data = quiz_form(
            question_ids=[self.b_question.pk], title=b_quiz.title, slug=b_quiz.slug
        )
        data.update({"entries-INITIAL_FORMS": "1", "entries-0-id": str(a_entry.pk)})
        self.client.post(reverse("admin:quiz_quiz_change", args=[b_quiz.pk]), data)
        a_entry.refresh_from_db()
        assert a_entry.quiz == self.a_quiz and a_entry.question == self.a_draft

    def test_every_choice_a_teacher_is_offered_excludes_other_teachers_private_objects(
        self,
    ):
        # Walks every add form and inline in the admin, so a foreign key added later without a
        # rule is caught here.
        request = RequestFactory().get("/admin/")
        request.user = self.teacher_b
        private = {self.a_article, self.a_draft, self.a_quiz, self.a_assignment}
        private |= {self.teacher_a, *self.a_draft.choices.all()}
        checked = 0
        for model_admin in admin.site._registry.values():
            if not model_admin.has_add_permission(request):
                continue
            forms = [model_admin.get_form(request)]
            forms += [
                inline.get_formset(request).form
                for inline in model_admin.get_inline_instances(request)
            ]
            for form in forms:
                for field in form.base_fields.values():
                    if isinstance(field, ModelChoiceField):
                        checked += 1
                        assert not private & set(field.queryset), (
                            f"{form.__name__}: {field.label}"
                        )
        assert checked >= 3


class AutocompleteTests(SecondTeacherTestCase):
    def autocomplete(self, **params):
        return self.client.get(reverse("admin:autocomplete"), params)

    def test_question_search_offers_only_questions_the_teacher_may_see(self):
        response = self.autocomplete(
            app_label="quiz", model_name="quizentry", field_name="question", term="?"
        )
        assert response.status_code == HTTPStatus.OK
        offered = {int(result["id"]) for result in response.json()["results"]}
        assert offered == {self.b_question.pk, self.shared_question.pk}
        assert "harbour" not in response.text

    def test_quiz_search_offers_only_quizzes_the_teacher_may_see(self):
        response = self.autocomplete(
            app_label="quiz", model_name="assignment", field_name="quiz", term="quiz"
        )
        offered = {int(result["id"]) for result in response.json()["results"]}
        assert self.a_quiz.pk not in offered

    def test_teachers_cannot_search_users(self):
        response = self.autocomplete(
            app_label="quiz", model_name="quiz", field_name="owner", term="teacher"
        )
        assert response.status_code == HTTPStatus.FORBIDDEN


class ActionTests(SecondTeacherTestCase):
    def act(self, changelist: str, action: str, selected: list[int]):
        return self.client.post(
            reverse(f"admin:quiz_{changelist}_changelist"),
            {"action": action, "_selected_action": selected},
        )

    def test_status_actions_do_not_reach_another_teachers_or_shared_questions(self):
        for action in ("publish", "retire"):
            self.act("question", action, [self.a_draft.pk, self.shared_question.pk])
            self.a_draft.refresh_from_db()
            self.shared_question.refresh_from_db()
            assert self.a_draft.status == Question.Status.DRAFT
            assert self.shared_question.status == Question.Status.DRAFT

    def test_closing_does_not_reach_another_teachers_assignment(self):
        self.act("assignment", "close", [self.a_assignment.pk])
        self.a_assignment.refresh_from_db()
        assert self.a_assignment.is_open

    def test_deleting_does_not_reach_another_teachers_or_shared_articles(self):
        for article in (self.a_article, self.shared_article):
            self.client.post(
                reverse("admin:quiz_article_changelist"),
                {
                    "action": "delete_selected",
                    "_selected_action": [article.pk],
                    "post": "yes",
                },
            )
            assert Article.objects.filter(pk=article.pk).exists()
            assert article.questions.exists()


class FilterSidebarTests(SecondTeacherTestCase):
    def test_question_filters_list_only_visible_articles(self):
        second_b_article = make_article(
            owner=self.teacher_b, title="B's second article"
        )
        make_question(article=second_b_article)
        page = self.client.get(reverse("admin:quiz_question_changelist"))
        assert (
            "B&#x27;s second article" in page.text
            and "B&#x27;s own article" in page.text
        )
        assert "harbour" not in page.text

    def test_assignment_filters_list_only_the_teachers_quizzes(self):
        for title in ("B's first quiz", "B's second quiz"):
            Assignment.objects.create(
                quiz=make_quiz(owner=self.teacher_b, title=title),
                title=f"Class for {title}",
                owner=self.teacher_b,
            )
        page = self.client.get(reverse("admin:quiz_assignment_changelist"))
        assert "By quiz" in page.text
        assert "A&#x27;s private quiz" not in page.text

    def test_attempt_filters_list_only_the_teachers_quizzes_and_assignments(self):
        for title in ("B's first quiz", "B's second quiz"):
            quiz = make_quiz(owner=self.teacher_b, title=title)
            assignment = Assignment.objects.create(
                quiz=quiz, title=f"Class for {title}", owner=self.teacher_b
            )
            Attempt.objects.start(quiz, browser_id="b-student", assignment=assignment)
        page = self.client.get(reverse("admin:quiz_attempt_changelist"))
        assert "By quiz" in page.text and "By assignment" in page.text
        assert "B&#x27;s second quiz" in page.text
        assert "A&#x27;s private quiz" not in page.text
        assert "A&#x27;s class 7C" not in page.text


class ViewOnSiteTests(SecondTeacherTestCase):
    def view_on_site(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        return self.client.get(
            reverse(
                "admin:view_on_site",
                kwargs={"content_type_id": content_type.pk, "object_id": obj.pk},
            )
        )

    def test_another_teachers_join_code_and_private_slugs_are_not_revealed(self):
        for obj in (self.a_assignment, self.a_article, self.a_quiz, self.a_draft):
            response = self.view_on_site(obj)
            assert response.status_code == HTTPStatus.NOT_FOUND, obj
            assert self.a_assignment.code not in response.text
            assert self.a_article.slug not in response.text

    def test_own_and_shared_objects_still_open_on_the_site(self):
        b_assignment = Assignment.objects.create(
            quiz=make_quiz(owner=self.teacher_b, questions=[self.b_question]),
            title="B's class",
            owner=self.teacher_b,
        )
        for obj in (b_assignment, self.shared_article):
            response = self.view_on_site(obj)
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].endswith(obj.get_absolute_url())

    def test_a_malformed_or_unknown_address_is_not_found(self):
        articles = ContentType.objects.get_for_model(Article).pk
        for content_type_id, object_id in (
            (999_999, 1),
            (articles, "x"),
            (articles, 999_999),
        ):
            response = self.client.get(f"/admin/r/{content_type_id}/{object_id}/")
            assert response.status_code == HTTPStatus.NOT_FOUND

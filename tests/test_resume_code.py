"""A student who changes device: a personal code at join continues their attempts elsewhere, and
joining again under a name already taken asks for it instead of making a second student."""

import importlib
from http import HTTPStatus

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.test import Client, TestCase
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from quiz.limits import JOIN_FAILURES_PER_BROWSER
from quiz.models import Attempt
from quiz.models.quizzes import JOIN_CODE_ALPHABET
from tests.factories import choice_id, make_assignment, make_quiz, start_attempt


def join(client: Client, assignment, name: str, personal_code: str | None = None):
    data = {"code": assignment.code, "name": name}
    if personal_code is not None:
        data["personal_code"] = personal_code
    return client.post(reverse("quiz:join"), data)


def answer(client: Client, attempt: Attempt, position: int, text: str = "12"):
    question = attempt.question_at(position)
    return client.post(
        attempt.question_url(position), {"choice": choice_id(question, text)}
    )


class PersonalCodeTests(TestCase):
    def setUp(self):
        self.assignment = make_assignment()
        self.laptop, self.phone = Client(), Client()
        join(self.laptop, self.assignment, "Ada Lovelace")
        self.attempt = Attempt.objects.get()

    def test_joining_gives_a_personal_code_shown_with_the_questions_and_results(self):
        code = self.attempt.resume_code
        assert len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
        for url in [self.attempt.question_url(1), self.attempt.get_absolute_url()]:
            page = self.laptop.get(url)
            assert "To continue on another device" in page.text
            assert code in page.text
            assert self.assignment.get_absolute_url() in page.text

    def test_the_same_name_in_another_browser_is_asked_for_the_code_and_nothing_starts(
        self,
    ):
        page = join(self.phone, self.assignment, "  ada   LOVELACE ")
        assert page.status_code == HTTPStatus.OK
        assert "Someone has already joined as “ada LOVELACE”" in page.text
        assert 'name="personal_code"' in page.text
        assert Attempt.objects.count() == 1
        assert self.phone.get(self.attempt.question_url(1)).status_code == 404

    def test_the_join_page_asks_for_no_personal_code_until_a_name_is_taken(self):
        page = Client().get(self.assignment.get_absolute_url())
        assert 'name="personal_code"' not in page.text
        assert join(Client(), self.assignment, "Grace").status_code == HTTPStatus.FOUND
        assert Attempt.objects.count() == 2

    def test_the_right_code_continues_the_attempt_on_the_new_device(self):
        answer(self.laptop, self.attempt, 1)
        code = self.attempt.resume_code
        typed = f"{code[:3].lower()}-{code[3:].lower()}"
        moved = join(self.phone, self.assignment, "Ada Lovelace", typed)
        assert moved.status_code == HTTPStatus.FOUND
        assert moved["Location"] == self.attempt.question_url(2)
        assert Attempt.objects.count() == 1
        assert answer(self.phone, self.attempt, 2).status_code == HTTPStatus.FOUND
        self.attempt.refresh_from_db()
        assert self.attempt.answered_count == 2
        # The attempt moved: the first device no longer answers it, until it takes it back.
        assert self.laptop.get(self.attempt.question_url(3)).status_code == 404
        back = join(self.laptop, self.assignment, "Ada Lovelace", code)
        assert back["Location"] == self.attempt.question_url(3)

    def test_a_finished_attempt_continues_on_its_results(self):
        for position in (1, 2, 3):
            answer(self.laptop, self.attempt, position)
        moved = join(
            self.phone, self.assignment, "Ada Lovelace", self.attempt.resume_code
        )
        assert moved["Location"] == self.attempt.get_absolute_url()
        assert self.phone.get(moved["Location"]).status_code == HTTPStatus.OK

    def test_a_wrong_code_is_refused_and_moves_nothing(self):
        wrong = "".join(
            "2" if character != "2" else "3" for character in self.attempt.resume_code
        )
        page = join(self.phone, self.assignment, "Ada Lovelace", wrong)
        assert page.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "That is not the personal code of “Ada Lovelace”" in page.text
        assert 'aria-invalid="true"' in page.text
        self.attempt.refresh_from_db()
        assert self.laptop.get(self.attempt.question_url(1)).status_code == 200
        assert Attempt.objects.count() == 1

    def test_guessing_personal_codes_counts_as_guessing_join_codes(self):
        for guess in range(JOIN_FAILURES_PER_BROWSER.count):
            page = join(self.phone, self.assignment, "Ada Lovelace", f"ZZZZ{guess:02d}")
            assert page.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        # Counted before it is checked: even the right code is refused now.
        refused = join(
            self.phone, self.assignment, "Ada Lovelace", self.attempt.resume_code
        )
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many wrong codes" in refused.text
        assert self.phone.get(self.attempt.question_url(1)).status_code == 404

    def test_joining_again_in_the_same_browser_continues_instead_of_doubling(self):
        answer(self.laptop, self.attempt, 1)
        again = join(self.laptop, self.assignment, "ada lovelace")
        assert again["Location"] == self.attempt.question_url(2)
        assert Attempt.objects.count() == 1

    def test_a_retake_after_finishing_keeps_the_students_personal_code(self):
        for position in (1, 2, 3):
            answer(self.laptop, self.attempt, position)
        assert join(self.laptop, self.assignment, "Ada Lovelace").status_code == 302
        retake = Attempt.objects.latest("started_at")
        assert retake != self.attempt
        assert retake.resume_code == self.attempt.resume_code
        join(Client(), self.assignment, "Grace")
        grace = Attempt.objects.latest("started_at")
        assert grace.resume_code and grace.resume_code != self.attempt.resume_code


class NoPersonalCodeTests(TestCase):
    def test_attempts_outside_assignments_have_no_personal_code(self):
        client = Client()
        attempt = start_attempt(client=client, quiz=make_quiz(), display_name="Ada")
        assert attempt.resume_code == ""
        assert "another device" not in client.get(attempt.question_url(1)).text


class MigrationTests(TestCase):
    def test_students_who_joined_before_get_one_code_per_name(self):
        first, second = make_assignment(), make_assignment()
        for assignment, name in [
            (first, "Ada"),
            (first, "ada"),
            (first, "Grace"),
            (second, "Ada"),
        ]:
            Attempt.objects.create(
                quiz=assignment.quiz,
                assignment=assignment,
                browser_id=name,
                display_name=name,
                question_ids=[],
            )
        migration = importlib.import_module(
            "quiz.migrations.0007_attempt_personal_code"
        )
        migration.give_each_student_a_personal_code(apps, None)
        codes = {
            (attempt.assignment_id, attempt.display_name): attempt.resume_code
            for attempt in Attempt.objects.all()
        }
        assert all(len(code) == 6 for code in codes.values())
        assert codes[(first.pk, "Ada")] == codes[(first.pk, "ada")]
        assert codes[(first.pk, "Ada")] != codes[(first.pk, "Grace")]
        assert codes[(first.pk, "Ada")] != codes[(second.pk, "Ada")]


def accessibility_violations(page: Page) -> str:
    rules = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
    return Axe().run(page, options={"runOnly": rules}).generate_snapshot()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_student_continues_on_a_second_browser(live_server, browser: Browser):
    assignment = make_assignment(quiz=make_quiz(question_count=3, published=False))
    laptop = browser.new_context().new_page()
    laptop.goto(live_server.url + assignment.get_absolute_url())
    laptop.get_by_label("Your name").fill("Ada Lovelace")
    laptop.get_by_role("button", name="Join and start").click()
    laptop.locator("#question-card label").first.click()
    laptop.get_by_role("button", name="Check answer").click()
    expect(laptop.locator(".verdict")).to_be_visible()
    notice = laptop.locator(".personal-code")
    expect(notice).to_contain_text("To continue on another device")
    personal_code = notice.locator("strong").inner_text()
    assert accessibility_violations(laptop) == ""

    phone_context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone.goto(live_server.url + "/join/")
    phone.get_by_label("Join code").fill(assignment.code)
    phone.get_by_label("Your name").fill("ada lovelace")
    phone.get_by_role("button", name="Join and start").click()
    expect(phone.get_by_text("Someone has already joined as")).to_be_visible()
    assert accessibility_violations(phone) == ""
    phone.get_by_label("Your personal code").fill(personal_code.lower())
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("Question 2 of 3")).to_be_visible()
    phone.locator("#question-card label").first.click()
    phone.get_by_role("button", name="Check answer").click()
    expect(phone.locator(".verdict")).to_be_visible()

    attempt = Attempt.objects.get()
    assert attempt.answered_count == 2
    assert attempt.display_name == "Ada Lovelace"
    phone_context.close()

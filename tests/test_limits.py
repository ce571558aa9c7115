"""Rate limits as an attacker meets them: counted in one place for all workers, before anything
is checked, per account and address, for join codes however they are asked, and for starts."""

import re
import threading
from datetime import timedelta
from http import HTTPStatus
from unittest import mock, skipUnless

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client, TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from quiz import limits
from quiz.limits import Limit, client_address
from quiz.models import Attempt, RateCounter
from tests.factories import make_assignment, make_quiz

PASSWORD = "right-passphrase-123"


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


class CounterTests(TestCase):
    def test_every_hit_is_counted_and_returned(self):
        counts = [RateCounter.objects.hit("k", seconds=60) for _ in range(250)]
        assert counts == list(range(1, 251))
        assert RateCounter.objects.get(key="k").count == 250

    def test_a_window_that_has_ended_starts_again_at_one(self):
        for _ in range(7):
            RateCounter.objects.hit("k", seconds=60)
        later = timezone.now() + timedelta(seconds=61)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert RateCounter.objects.hit("k", seconds=60) == 1
            assert RateCounter.objects.hit("k", seconds=60) == 2

    def test_ended_windows_are_removed_when_a_new_one_begins(self):
        for number in range(20):
            RateCounter.objects.hit(f"old{number}", seconds=60)
        later = timezone.now() + timedelta(seconds=61)
        with mock.patch("django.utils.timezone.now", return_value=later):
            RateCounter.objects.hit("new", seconds=60)
        assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]

    def test_the_count_lives_in_the_database_not_in_a_workers_memory(self):
        """What a recycled worker or another worker sees: an empty local cache."""
        limit = Limit("test", count=3, seconds=60)
        assert all(limit.allows("someone") for _ in range(3))
        cache.clear()
        assert not limit.allows("someone")

    def test_a_flood_of_other_keys_does_not_push_a_count_out(self):
        limit = Limit("test", count=3, seconds=60)
        assert all(limit.allows("locked") for _ in range(3))
        for number in range(400):  # the old in-memory cache kept 300 keys
            limit.allows(f"flood-{number}")
        assert not limit.allows("locked")

    def test_accounts_and_addresses_are_not_stored_in_clear(self):
        Limit("test", count=3, seconds=60).allows("teacher\n203.0.113.9")
        (key,) = RateCounter.objects.values_list("key", flat=True)
        assert "teacher" not in key and "203.0.113" not in key


@skipUnless(
    connection.vendor == "postgresql",
    "SQLite's in-memory test database refuses parallel writers instead of queueing them",
)
class ParallelCountTests(TransactionTestCase):
    def test_hits_from_separate_connections_at_once_each_get_their_own_count(self):
        """Twenty connections (as twenty workers have) count one key at the same moment."""
        start, counts = threading.Barrier(20), []

        def worker() -> None:
            try:
                start.wait()
                counts.append(RateCounter.objects.hit("shared", seconds=60))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(counts) == list(range(1, 21))


class SignInTests(TestCase):
    def setUp(self):
        self.teacher = User.objects.create_user(
            "teacher", password=PASSWORD, is_staff=True
        )

    def sign_in(self, client: Client, username: str, password: str):
        return client.post(
            reverse("admin:login"), {"username": username, "password": password}
        )

    def test_five_wrong_passwords_lock_the_account_only_from_their_address(self):
        stranger = from_address("198.51.100.7")
        for _ in range(5):
            assert self.sign_in(stranger, "teacher", "guess").status_code == 200
        refused = self.sign_in(stranger, "teacher", PASSWORD)
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many failed sign-ins" in refused.text
        signed_in = self.sign_in(from_address("203.0.113.9"), "teacher", PASSWORD)
        assert signed_in.status_code == HTTPStatus.FOUND

    def test_other_spellings_django_signs_in_as_the_same_account_share_its_count(self):
        stranger = from_address("198.51.100.7")
        for spelling in [
            "teacher",
            " teacher",
            "ｔｅａｃｈｅｒ",
            "TEACHER",
            "teacher ",
        ]:
            self.sign_in(stranger, spelling, "guess")
        full_width = self.sign_in(stranger, "ｔｅａｃｈｅｒ", PASSWORD)
        assert full_width.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "_auth_user_id" not in stranger.session

    def test_full_width_letters_do_sign_in_to_the_account(self):
        """Why the spellings must share a count: Django's login form normalises them (NFKC)."""
        assert self.sign_in(Client(), "ｔｅａｃｈｅｒ", PASSWORD).status_code == 302

    def test_guesses_from_many_addresses_are_bounded_per_account(self):
        for number in range(10):
            stranger = from_address(f"198.51.100.{number}")
            for _ in range(5):
                self.sign_in(stranger, "teacher", "guess")
        refused = self.sign_in(from_address("192.0.2.1"), "teacher", "guess")
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_one_address_guessing_many_accounts_is_bounded(self):
        stranger = from_address("198.51.100.7")
        for number in range(100):
            self.sign_in(stranger, f"nobody{number}", "guess")
        refused = self.sign_in(stranger, "teacher", PASSWORD)
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_parallel_sign_ins_are_counted_before_any_password_is_checked(self):
        """Forty requests that all arrive while the first password is being checked: each counts
        itself first, so only five passwords are ever checked."""
        checked = []

        def slow_check(request=None, **credentials):
            checked.append(credentials["password"])
            if len(checked) == 1:
                for number in range(39):
                    self.sign_in(from_address("198.51.100.7"), "teacher", f"g{number}")
            return authenticate(request, **credentials)

        with mock.patch("django.contrib.auth.forms.authenticate", slow_check):
            self.sign_in(from_address("198.51.100.7"), "teacher", "first")
        assert len(checked) == 5

    def test_a_right_password_is_not_counted_as_a_failure(self):
        teacher = from_address("203.0.113.9")
        for _ in range(3):
            for _ in range(4):
                self.sign_in(teacher, "teacher", "typo")
            assert self.sign_in(teacher, "teacher", PASSWORD).status_code == 302
            teacher.logout()


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
class ClientAddressTests(TestCase):
    def test_the_last_forwarded_value_counts_not_what_the_client_wrote(self):
        teacher = User.objects.create_user("teacher", password=PASSWORD, is_staff=True)
        for number in range(5):
            Client().post(
                reverse("admin:login"),
                {"username": teacher.username, "password": "guess"},
                headers={"X-Forwarded-For": f"10.0.0.{number}, 198.51.100.7"},
            )
        refused = Client().post(
            reverse("admin:login"),
            {"username": teacher.username, "password": PASSWORD},
            headers={"X-Forwarded-For": "10.9.9.9,198.51.100.7"},
        )
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_an_ipv6_network_counts_as_one_address(self):
        def address(forwarded: str) -> str:
            request = mock.Mock(META={"HTTP_X_FORWARDED_FOR": forwarded})
            return client_address(request)

        assert address("2001:db8:1:2::1") == address("2001:db8:1:2:ffff::9")
        assert address("2001:db8:1:2::1") != address("2001:db8:1:3::1")
        assert address("::ffff:192.0.2.1") == address("192.0.2.1") == "192.0.2.1"


class JoinCodeTests(TestCase):
    def setUp(self):
        self.assignment = make_assignment()

    def without_tokens(self, page: str) -> str:
        return re.sub(r'(csrfmiddlewaretoken" value=|"x-csrftoken": )"[^"]+"', "", page)

    def test_a_wrong_code_gets_the_same_answer_in_the_address_and_the_form(self):
        linked = Client().get(reverse("quiz:join_code", kwargs={"code": "ZZZZ22"}))
        posted = Client().post(reverse("quiz:join"), {"code": "ZZZZ22", "name": ""})
        assert linked.status_code == posted.status_code == HTTPStatus.NOT_FOUND
        assert "No open quiz has that code" in linked.text
        assert self.without_tokens(linked.text) == self.without_tokens(posted.text)

    def test_a_closed_code_gets_the_same_answer_as_an_unknown_one(self):
        self.assignment.close()
        closed = Client().get(self.assignment.get_absolute_url())
        unknown = Client().get(reverse("quiz:join_code", kwargs={"code": "ZZZZ22"}))
        assert closed.status_code == unknown.status_code == HTTPStatus.NOT_FOUND
        assert self.without_tokens(closed.text).replace(
            self.assignment.code, "ZZZZ22"
        ) == self.without_tokens(unknown.text)

    def test_guesses_in_the_address_count_with_the_forms(self):
        student = Client()
        for number in range(5):
            student.get(reverse("quiz:join_code", kwargs={"code": f"ZZZZ{number}"}))
            student.post(reverse("quiz:join"), {"code": f"YYYY{number}", "name": "B"})
        refused = student.get(self.assignment.get_absolute_url())
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many wrong codes" in refused.text
        assert self.assignment.quiz.title not in refused.text

    def test_a_cookieless_script_is_stopped_by_its_address(self):
        for number in range(100):
            Client().get(reverse("quiz:join_code", kwargs={"code": f"Z{number:05d}"}))
        refused = Client().get(self.assignment.get_absolute_url())
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        classmate = from_address("203.0.113.9").get(self.assignment.get_absolute_url())
        assert classmate.status_code == HTTPStatus.OK

    def test_right_codes_are_not_counted_as_guesses(self):
        student = Client()
        for _ in range(20):
            page = student.get(self.assignment.get_absolute_url())
            assert page.status_code == HTTPStatus.OK
            assert self.assignment.quiz.title in page.text


class StartTests(TestCase):
    def test_starts_are_limited_per_address_without_a_cookie(self):
        quiz = make_quiz()
        few = Limit("starts-address", count=3, seconds=600)
        with mock.patch.object(limits, "STARTS_PER_ADDRESS", few):
            for _ in range(3):
                assert Client().post(quiz.get_absolute_url()).status_code == 302
            refused = Client().post(quiz.get_absolute_url())
            elsewhere = from_address("203.0.113.9").post(quiz.get_absolute_url())
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Too many quizzes were started from here" in refused.text
        assert elsewhere.status_code == HTTPStatus.FOUND
        assert Attempt.objects.count() == 4

    def test_joining_counts_as_a_start(self):
        assignment = make_assignment()
        few = Limit("starts-address", count=2, seconds=600)
        join = {"code": assignment.code}
        with mock.patch.object(limits, "STARTS_PER_ADDRESS", few):
            for name in ["Ada", "Grace"]:
                joined = Client().post(reverse("quiz:join"), {**join, "name": name})
                assert joined.status_code == 302
            refused = Client().post(reverse("quiz:join"), {**join, "name": "Alan"})
        assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert Attempt.objects.count() == 2

    @override_settings(ATTEMPTS_PER_ASSIGNMENT=2)
    def test_an_assignment_takes_a_limited_number_of_attempts(self):
        assignment = make_assignment()
        join = {"code": assignment.code}
        for name in ["Ada", "Grace"]:
            joined = Client().post(reverse("quiz:join"), {**join, "name": name})
            assert joined.status_code == 302
        refused = Client().post(reverse("quiz:join"), {**join, "name": "Alan"})
        assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "reached its limit of 2 attempts" in refused.text
        assert Attempt.objects.filter(assignment=assignment).count() == 2


class CsrfCookieTests(TestCase):
    def test_the_csrf_cookie_is_out_of_scripts_reach_and_htmx_still_has_the_token(self):
        page = Client().get(make_quiz().get_absolute_url())
        assert page.cookies["csrftoken"]["httponly"]
        assert '"x-csrftoken": "' in page.text

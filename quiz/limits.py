"""Rate limits against scripts: guessing passwords and join codes, starting attempts in bulk,
hammering the answer form.

Every limit that guards a secret or the database's size counts in the database (`RateCounter`):
all workers, threads and app servers share one count, a restarted worker forgets nothing, and no
flood of other keys can push a count out before its window ends. Each request counts itself
first and is then allowed or refused on the count it got back, so a burst of parallel requests
cannot all slip in under the limit.

Limits are per account or per browser first, and per network address only at a much higher
level, so a whole classroom behind one school address is never locked out by a few students'
typos, and nobody can lock a teacher out from elsewhere.
"""

import ipaddress
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from quiz.models import RateCounter


@dataclass(frozen=True)
class Limit:
    """At most `count` events in `seconds`, for each `who` (an account, an address, a browser)."""

    name: str
    count: int  # allowed per window
    seconds: int  # window length

    def key(self, who: str) -> str:
        # A keyed hash: one length whatever `who` is, and no account names or addresses stored.
        digest = salted_hmac("quiz.limits", who, algorithm="sha256").hexdigest()
        return f"{self.name}:{digest[:40]}"

    def allows(self, who: str) -> bool:
        """Count this event, then say whether it is within the limit."""
        return (
            RateCounter.objects.hit(self.key(who), seconds=self.seconds) <= self.count
        )

    def take_back(self, who: str) -> None:
        """Uncount an event counted by `allows()` that turned out not to be a failure."""
        RateCounter.objects.take_back(self.key(who))

    def reset(self, who: str) -> None:
        RateCounter.objects.forget(self.key(who))

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)


@dataclass(frozen=True)
class SpeedLimit:
    """A limit counted in this process's cache (or DJANGO_CACHE), not the database.

    Only for the answer form: each answer is stored once whatever the count, so the limit guards
    nothing but the server's time, and counting every answer in the database would double the
    writes on the busiest request there is. Several workers each allowing the count is fine here."""

    name: str
    count: int
    seconds: int

    def hit(self, who: str) -> int:
        """Count one event; returns the count so far in this window."""
        key = f"limit:{self.name}:{who}"
        if cache.add(key, 1, timeout=self.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.seconds)
            return 1


# Sign-in, in 15-minute windows. Five wrong passwords lock an account only for the address they
# came from, so a stranger cannot lock a teacher out; an address may fail 100 times in all (a
# staff room); and an account 50 times from everywhere together, which bounds a guess spread
# over many addresses (a lock-out from outside then takes ten addresses and lasts 15 minutes).
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = Limit(
    "login-account-address", count=5, seconds=15 * 60
)
LOGIN_FAILURES_PER_ADDRESS = Limit("login-address", count=100, seconds=15 * 60)
LOGIN_FAILURES_PER_ACCOUNT = Limit("login-account", count=50, seconds=15 * 60)
# Join codes, asked in the address or the form: wrong codes per browser, and per address for a
# whole classroom. A cookie-less script is a new browser each time, so the address limit is
# the one that bounds it: 100 guesses in 10 minutes among 31**6 (887 million) codes.
JOIN_FAILURES_PER_BROWSER = Limit("join-browser", count=10, seconds=10 * 60)
JOIN_FAILURES_PER_ADDRESS = Limit("join-address", count=100, seconds=10 * 60)
# Starting attempts: a person restarts a quiz a few times a minute at most. Per address the limit
# must let a school behind one address start together (DJANGO_STARTS_PER_ADDRESS, 300 in 10
# minutes by default, a dozen classes at once) while a script cannot fill the database.
STARTS_PER_BROWSER = Limit("starts-browser", count=30, seconds=60)
STARTS_PER_ADDRESS = Limit(
    "starts-address", count=settings.STARTS_PER_ADDRESS, seconds=10 * 60
)
# Answers: far above what a person does, far below what a script would.
ANSWERS_PER_BROWSER = SpeedLimit("answers-browser", count=120, seconds=60)


def normalise_account(typed: str) -> str:
    """The account a sign-in names, as Django's login form and user model read it: stripped and
    NFKC-normalised (so full-width "ｔｅａｃｈｅｒ" is "teacher" for counting, as for signing in).
    Case is folded too: Django's accounts are case-sensitive, so folding only merges counts,
    never gives one account's spellings separate tries."""
    account = AbstractBaseUser.normalize_username(typed).strip().casefold()
    return unicodedata.normalize("NFKC", account)


def sign_in_allowed(account: str, address: str) -> bool:
    """Count a sign-in before the password is checked; False once any of its limits is used up.
    In this order, stopping at the first refusal: a stranger's tries refused for their own
    address never count against the account everywhere."""
    return (
        LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS.allows(f"{account}\n{address}")
        and LOGIN_FAILURES_PER_ADDRESS.allows(address)
        and LOGIN_FAILURES_PER_ACCOUNT.allows(account)
    )


def sign_in_succeeded(account: str, address: str) -> None:
    """A right password: this account's failures from this address start again, and the sign-in
    itself is not a failure anywhere."""
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS.reset(f"{account}\n{address}")
    LOGIN_FAILURES_PER_ADDRESS.take_back(address)
    LOGIN_FAILURES_PER_ACCOUNT.take_back(account)


def join_code_allowed(browser: str, address: str) -> bool:
    """Count a code asked about before looking it up; False once too many were wrong."""
    return JOIN_FAILURES_PER_BROWSER.allows(
        browser
    ) and JOIN_FAILURES_PER_ADDRESS.allows(address)


def join_code_was_right(browser: str, address: str) -> None:
    JOIN_FAILURES_PER_BROWSER.take_back(browser)
    JOIN_FAILURES_PER_ADDRESS.take_back(address)


def start_allowed(browser: str, address: str) -> bool:
    return STARTS_PER_BROWSER.allows(browser) and STARTS_PER_ADDRESS.allows(address)


def client_address(request: HttpRequest) -> str:
    """Whom the per-address limits count: the client's address, or for IPv6 its /64 network,
    which one household or school gets whole (any of its 2**64 addresses is as easy to use).

    Behind a reverse proxy, set DJANGO_CLIENT_IP_HEADER to the header the proxy sets, or every
    request seems to come from the proxy. Where the header can hold a list (X-Forwarded-For), the
    last value is the one our proxy added; the ones before it came from the client, who can write
    anything there."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1]
        address = forwarded.strip() or address
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(parsed, ipaddress.IPv4Address):
        return str(parsed)
    if (
        parsed.ipv4_mapped
    ):  # ::ffff:192.0.2.1, how a dual-stack socket may see an IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network((parsed, 64), strict=False))

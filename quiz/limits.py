"""Rate limits against scripts: guessing passwords and join codes, hammering the answer form.

Counters live in Django's cache in fixed windows. With one app server the default in-memory cache
is enough; with several, point them at a shared cache (DJANGO_CACHE=database, see the README) so
that they count together. Limits are per account or per browser first, and per network address
only at a much higher level, so a whole classroom behind one school address is never locked out
by a few students' typos.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # allowed per window
    seconds: int  # window length

    def key(self, who: str) -> str:
        return f"limit:{self.name}:{who}"

    def exceeded(self, who: str) -> bool:
        return cache.get(self.key(who), 0) >= self.count

    def hit(self, who: str) -> int:
        """Count one event; returns the count so far in this window."""
        key = self.key(who)
        if cache.add(key, 1, timeout=self.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.seconds)
            return 1

    def reset(self, who: str) -> None:
        cache.delete(self.key(who))

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)


# Sign-in: failures per account, and (much higher) per address.
LOGIN_FAILURES_PER_ACCOUNT = Limit("login-account", count=5, seconds=15 * 60)
LOGIN_FAILURES_PER_ADDRESS = Limit("login-address", count=100, seconds=15 * 60)
# Join codes: wrong codes per browser, and per address for a whole classroom.
JOIN_FAILURES_PER_BROWSER = Limit("join-browser", count=10, seconds=10 * 60)
JOIN_FAILURES_PER_ADDRESS = Limit("join-address", count=100, seconds=10 * 60)
# Answers and starts: far above what a person does, far below what a script would.
ANSWERS_PER_BROWSER = Limit("answers-browser", count=120, seconds=60)
STARTS_PER_BROWSER = Limit("starts-browser", count=30, seconds=60)


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind a reverse proxy, set DJANGO_CLIENT_IP_HEADER to
    the header the proxy sets (e.g. X-Real-IP), or every request seems to come from the proxy."""
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "unknown")

"""HTML rendered from quiz content alone, kept in memory per process between requests.

Quiz content changes rarely and is read on every student request. Entries are valid for one
content version (`quiz.models.ContentVersion`), which the request reads in the same query as its
attempt; any write to content moves the version on, and the first request to see the new number
empties the cache. So a teacher's fix to an answer key applies to the very next answer, in every
app server.
"""

import threading
from collections.abc import Callable, Hashable

MAX_ENTRIES = 5000

_lock = threading.Lock()
_version: int | None = None
_fragments: dict[Hashable, str] = {}


def _start(version: int) -> None:
    """Forget what was kept under another version (call with the lock held)."""
    global _version, _fragments
    if version != _version or len(_fragments) > MAX_ENTRIES:
        _version, _fragments = version, {}


def rendered(key: Hashable, *, version: int | None, render: Callable[[], str]) -> str:
    """HTML that depends on quiz content alone (a citation, a question's choices), rendered once
    per content version; rendered every time when no version is known (a teacher's preview)."""
    if version is None:
        return render()
    with _lock:
        _start(version)
        found = _fragments.get(key)
    if found is None:
        found = render()
        with _lock:
            if _version == version:
                _fragments[key] = found
    return found


def clear() -> None:
    global _version, _fragments
    with _lock:
        _version, _fragments = None, {}

"""Questions with their choices and articles, kept in memory per process between requests.

Quiz content changes rarely and is read on every student request. Entries are valid for one
content version (`ContentVersion`), which the request reads in the same query as its attempt;
any write to content moves the version on, and the first request to see the new number empties
the cache. So a teacher's fix to an answer key applies to the very next answer, in every app
server.
"""

import threading

from quiz.models.articles import Question


class QuestionCache:
    """Questions by id for one content version at a time, shared by the threads of a process."""

    max_entries = 5000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._questions: dict[int, Question] = {}

    @staticmethod
    def load(question_ids: list[int]) -> dict[int, Question]:
        return (
            Question.objects.select_related("article")
            .prefetch_related("choices")
            .in_bulk(question_ids)
        )

    def questions(
        self, question_ids: list[int], *, version: int | None
    ) -> dict[int, Question]:
        """The questions (with article and choices) by id: from memory when the version matches,
        straight from the database when no version is known."""
        if version is None:
            return self.load(question_ids)
        with self._lock:
            if version != self._version or len(self._questions) > self.max_entries:
                self._version, self._questions = version, {}
            found = {
                qid: self._questions[qid]
                for qid in question_ids
                if qid in self._questions
            }
        missing = [qid for qid in question_ids if qid not in found]
        if missing:
            loaded = self.load(missing)
            found.update(loaded)
            with self._lock:
                # Another thread may have moved to a newer version meanwhile: keep nothing then.
                if self._version == version:
                    self._questions.update(loaded)
        return found

    def clear(self) -> None:
        with self._lock:
            self._version, self._questions = None, {}


question_cache = QuestionCache()

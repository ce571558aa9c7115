"""Static files as whitenoise stores them (hashed names, compressed copies), with each file's URL
worked out once per process.

The manifest that maps `css/quiz.css` to its hashed name is read when the process starts and only
changes with a deploy, which restarts the app servers; looking it up again for every link on every
page cost about a tenth of a question page's own time (bench/profile_requests.py).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str, force: bool = False) -> str:
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

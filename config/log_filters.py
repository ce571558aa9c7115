"""Logging filters referenced from settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the one-line message, drop the traceback: for expected, noisy errors such as requests
    for a host name the site does not serve (scanners send them all day)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True

"""Logging: what the server log says about requests that went wrong."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx answer (permission refused, page not found) is the client's doing, not a fault:
    Django logs it with the exception's traceback, which reads like a crash to whoever watches
    the log and hides the real ones. Keep the line, drop the traceback; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

import logging
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from zorgwijs.core.logging import ClientErrorsWithoutTraceback


def _formatted(status_code: int) -> str:
    try:
        raise PermissionDenied
    except PermissionDenied:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: /o/x/", (), None
        )
        record.exc_info = sys.exc_info()
    record.status_code = status_code
    ClientErrorsWithoutTraceback().filter(record)
    return logging.Formatter().format(record)


@pytest.mark.parametrize(("status", "traceback"), [(403, False), (404, False), (500, True)])
def test_only_server_errors_keep_their_traceback(status, traceback):
    assert ("Traceback" in _formatted(status)) is traceback


def test_the_console_handler_uses_the_filter():
    assert "client_errors" in settings.LOGGING["handlers"]["console"]["filters"]

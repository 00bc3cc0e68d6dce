"""Helpers for the double-submit tests: read a form's one-time token the way a browser does,
and send two requests at the same moment from two threads with their own connections."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, connection

TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def token_in(page) -> str:
    """The one-time token of the (first) creating form on ``page``."""
    found = TOKEN.search(page.content.decode())
    assert found, "the form carries no submission token"
    return found.group(1)


def _waiting_for_the_write_lock(call: Callable[[], object]) -> object:
    """``call()``, waiting for the write lock as the production SQLite database does.

    The file database waits for another writer (``BEGIN IMMEDIATE`` with a busy timeout); the
    tests' in-memory SQLite database is opened in shared-cache mode, where a second writer
    gets "database table is locked" at once instead. Waiting and starting again is what the
    busy timeout would have done. PostgreSQL needs none of this: the second insert of the same
    claim waits for the first transaction by itself."""
    for _attempt in range(400):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.05)
    raise AssertionError("the other writer never finished")


def at_once(*calls: Callable[[], object]) -> list:
    """Run ``calls`` in threads released together; each thread has its own database
    connection (closed at the end), as two gunicorn workers would."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = _waiting_for_the_write_lock(call)
        except Exception as error:  # noqa: BLE001 (reported to the test below)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results

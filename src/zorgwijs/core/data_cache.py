"""Worked-out page parts cached under a data generation: the start page's panels, the
passport's rows, "wie kan ik benaderen" for a project or a need (experts/ranking.py), what
every signed-in request asks (memberships, two-factor policy, unread count), project and
knowledge pages' shared parts and ``{% shared %}`` template fragments (docs/start-pages.md).

What a start page shows is worked out from a dozen tables of several apps (passport lines,
sign-off requests, incidents, knowledge, memberships, notifications, …), and building those
queries costs more than the page may (issue 18: 8 ms). So the worked-out part is kept in the
cache (``settings.CACHES``: the database cache, or Redis) per person, and is valid only for the
*data generation* it was made at.

The generation is a counter that every write to the platform's data makes new: a database
execute wrapper (``watch_writes``, installed on every connection) sees each ``INSERT``,
``UPDATE`` and ``DELETE`` — the ORM's ``save()``, ``QuerySet.update()``, ``bulk_create()`` and
raw SQL alike — so no service can forget to announce a change. Writes to tables that no start
page or passport reads (the audit log, which a passport view itself writes; sessions; the cache;
the search index) leave the generation alone.

When the counter moves:

- a write inside a transaction bumps it when that transaction commits (``on_commit``): a
  reader in another process sees the new data and the new generation together. Until then
  the writing connection itself bypasses the cache (``has_pending_writes``), so the rest of
  the request that wrote — and a test inside its transaction — reads fresh figures;
- a write in autocommit bumps it right after: before the connection's next statement, before
  a cached read, at the end of the request (``request_finished``) or of the process.

A lost or culled counter starts again at a new, unused value (the clock in microseconds), so an
entry made under an old generation can never be taken for current.

The key of an entry names what the content depends on besides the data: the person, the
language and the day (statuses and "verloopt binnen 30 dagen" move with the date).
"""

from __future__ import annotations

import hashlib
import logging
import pickle  # noqa: S403  # nosec B403 - only what this process pickles itself (_local)
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION_KEY = "zorgwijs:data-generation"
# An entry outlives its use only as long as this; a new generation replaces it anyway.
ENTRY_SECONDS = 6 * 3600

# Tables whose writes do not change what a start page or passport shows. The audit log is
# written by every passport view itself (``passport_open``); sessions on sign-in and on a
# person's "last seen"; the cache table by this module; the task queue by every write that
# sends mail and by the task worker claiming and finishing each task (what a task changes is
# written to the tables it changes, which count).
UNWATCHED_PREFIXES = (
    "audit_",
    "django_session",
    "zorgwijs_cache",
    "search_",
    "django_migrations",
    "django_admin_log",
    "django_tasks_",
)

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.I)


def _now_value() -> int:
    return time.time_ns() // 1000


def data_generation() -> int:
    """The current generation, made up (never reused) when the cache has none."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _now_value(), None)
        value = cache.get(GENERATION_KEY)
    return int(value or 0)


def generation_bump() -> None:
    """The data changed: entries of the current generation are stale."""
    _request_generation_forget()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter (yet, or culled): a fresh value nobody has used
            cache.set(GENERATION_KEY, _now_value(), None)
    except DatabaseError:
        # The database cache's table is not there (yet): during ``migrate`` before
        # ``createcachetable``. Nothing can have been cached then either.
        logger.info("data generation not bumped: the cache table is missing")


def _watched_write(sql: str) -> bool:
    if sql[:6].upper() == "SELECT":
        return False
    match = _WRITE.match(sql)
    return match is not None and not match.group(1).lower().startswith(UNWATCHED_PREFIXES)


def _bump_on_commit() -> None:
    generation_bump()


def has_pending_writes(connection: BaseDatabaseWrapper) -> bool:
    """Has this connection's open transaction written watched data not yet committed?"""
    # Entries are (savepoint ids, callback, robust).
    return connection.in_atomic_block and any(
        entry[1] is _bump_on_commit for entry in connection.run_on_commit
    )


# Set on a connection that wrote watched data in autocommit and has not announced it yet.
_UNANNOUNCED = "_zorgwijs_unannounced_write"


def announce_writes(connection: BaseDatabaseWrapper) -> None:
    """Bump the generation for an autocommit write of this connection, if there was one.

    Not done inside the write's own ``execute``: its caller may not have read the result yet
    (an ``INSERT … RETURNING`` on SQLite is still running until it is), and the cache's own
    transaction on the same connection would end it. So it happens before the connection's
    next statement, before a cached read, and at the end of the request and the process."""
    if getattr(connection, _UNANNOUNCED, False) and not connection.in_atomic_block:
        setattr(connection, _UNANNOUNCED, False)
        generation_bump()


def announce_all(**kwargs) -> None:
    """``request_finished`` receiver, and at exit: announce every connection's writes."""
    for connection in connections.all(initialized_only=True):
        announce_writes(connection)


class _WriteWatcher:
    """Execute wrapper: after a watched write, bump the generation (on commit, or soon after
    an autocommit write: ``announce_writes``)."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        connection = self.connection
        if getattr(connection, _UNANNOUNCED, False):
            announce_writes(connection)
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and _watched_write(sql):
            if connection.in_atomic_block:
                if not has_pending_writes(connection):
                    connection.on_commit(_bump_on_commit)
            else:
                setattr(connection, _UNANNOUNCED, True)
        return result


def watch_writes(sender=None, connection: BaseDatabaseWrapper | None = None, **kwargs) -> None:
    """``connection_created`` receiver: install the write watcher on the connection once."""
    if connection is None:
        return
    if not any(isinstance(w, _WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_WriteWatcher(connection))


def watch_all_connections() -> None:
    """For connections that exist already (the receiver covers the ones made later)."""
    for connection in connections.all(initialized_only=True):
        watch_writes(connection=connection)


# Within a request the generation is read once, with the request's first cached entry
# (``one_generation_per_request``, from ``core.middleware.DataCacheMiddleware``), and entries
# this process read or made under it are kept here as well, pickled: a hit then costs no round
# trip to the cache at all (a project page asked the database cache a dozen times). An entry
# counts only for the generation it carries; the oldest go first beyond ``LOCAL_ENTRIES``.
LOCAL_ENTRIES = 10_000  # ~0.6 KB each (demo median), 4 KB at most: ~10 MB per process
_local: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
_local_lock = threading.Lock()


class _RequestReads:
    """What one request has read of the cache: the generation, and the ``read_along`` keys."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self.along: dict[str, object] = {}


_request_reads: ContextVar[_RequestReads | None] = ContextVar(
    "zorgwijs_request_reads", default=None
)
# Cache keys that most requests read once (the search index's generation): fetched in the
# same round trip as the data generation, then kept for the rest of the request.
_READ_ALONG: list[str] = []


@contextmanager
def one_generation_per_request() -> Iterator[None]:
    """Around a request: the generation is read once, until a write of the request moves it."""
    token = _request_reads.set(_RequestReads())
    try:
        yield
    finally:
        _request_reads.reset(token)


def _request_generation_forget() -> None:
    reads = _request_reads.get()
    if reads is not None:
        reads.generation = None


def read_along(key: str) -> None:
    """Have the cache entry ``key`` read with the data generation, once per request
    (``request_read``)."""
    if key not in _READ_ALONG:
        _READ_ALONG.append(key)


def request_read(key: str, read: Callable[[], T]) -> T:
    """The value of a ``read_along`` key for this request: as read with the generation, else
    ``read()`` once; outside a request ``read()`` every time."""
    reads = _request_reads.get()
    if reads is None:
        return read()
    if key not in reads.along:
        reads.along[key] = read()
    return cast(T, reads.along[key])


def request_forget(key: str) -> None:
    """This request changed what ``key`` holds: read it again when next asked."""
    reads = _request_reads.get()
    if reads is not None:
        reads.along.pop(key, None)


def _local_get(entry_key: str, generation: int) -> tuple[bool, object]:
    with _local_lock:
        found = _local.get(entry_key)
        if found is None or found[0] != generation:
            return False, None
        _local.move_to_end(entry_key)
    return True, pickle.loads(found[1])  # noqa: S301  # nosec B301 - pickled by this process


def _local_put(entry_key: str, generation: int, value: object) -> None:
    blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _local_lock:
        _local[entry_key] = (generation, blob)
        _local.move_to_end(entry_key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


_PLAIN_KEY = re.compile(r"[A-Za-z0-9:_.-]{1,180}")


def _entry_key(key: str) -> str:
    """The cache key of an entry: ``key`` itself when it is short and plain, else its digest
    (a person's network partners or readable spaces make long keys with spaces, which some
    cache servers refuse)."""
    if _PLAIN_KEY.fullmatch(key):
        return f"zorgwijs:cached:{key}"
    return f"zorgwijs:cached:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _generation(also: str | None = None) -> tuple[int, dict[str, object]]:
    """The current generation, read once per request. When it has to be read, the
    ``read_along`` keys and ``also`` come in the same round trip (returned as found)."""
    reads = _request_reads.get()
    if reads is not None and reads.generation is not None:
        return reads.generation, {}
    along = _READ_ALONG if reads is not None else []
    found = cache.get_many([GENERATION_KEY, *along, *([also] if also else [])])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = data_generation()
    if reads is not None:
        reads.generation = generation
        reads.along.update((k, found[k]) for k in along if k in found)
    return generation, found


def _writing(using: str) -> bool:
    """Announce this connection's autocommit writes; say whether it has uncommitted ones
    (then nothing is read from or stored in the cache: it would not be true for others)."""
    connection = connections[using]
    announce_writes(connection)
    return has_pending_writes(connection)


def cached(key: str, compute: Callable[[], T], *, using: str = "default") -> T:
    """``compute()``'s value (text, numbers: what pickles), kept under ``key`` for the
    current data generation.

    One cache read on a hit (the counter and the entry together), none for an entry this
    process holds when the request knows the generation already; on a miss ``compute`` runs
    and its result is stored with the generation it was computed under. A connection with
    uncommitted writes computes and stores nothing: what it would store is not yet true
    for anyone else.
    """
    if _writing(using):
        return compute()
    entry_key = _entry_key(key)
    generation, found = _generation(also=entry_key)
    held, value = _local_get(entry_key, generation)
    if held:
        return cast(T, value)
    entry = cast("tuple[int, T] | None", found.get(entry_key) if found else cache.get(entry_key))
    if entry is not None and entry[0] == generation:
        _local_put(entry_key, generation, entry[1])
        return entry[1]
    value = compute()
    cache.set(entry_key, (generation, value), ENTRY_SECONDS)
    _local_put(entry_key, generation, value)
    return value


def held_locally(key: str, compute: Callable[[], T], *, using: str = "default") -> T:
    """``compute()``'s value kept in this process's memory only, for the current data
    generation: never written to the shared cache.

    For what is cheap to work out (a query or two: a person's memberships or access, a page's
    attachments) and for what must not leave the process (a person's row, with the password
    hash). A miss then costs what the query costs and nothing more, where storing in the
    database cache is a transaction of three statements (count, read, write): under a steady
    stream of writes, which makes every generation short-lived, ``cached`` made such entries
    dearer than the query they saved. Worked-out parts that cost many queries or a render
    (start pages, passports, comparable projects, ``{% shared %}``) stay in ``cached``: one
    process works them out for all."""
    if _writing(using):
        return compute()
    entry_key = _entry_key(f"local:{key}")
    generation, _ = _generation()
    held, value = _local_get(entry_key, generation)
    if held:
        return cast(T, value)
    value = compute()
    _local_put(entry_key, generation, value)
    return value

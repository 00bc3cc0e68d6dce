"""Registrations under concurrency, and a network's calendar feed at 1,000 events.

    .venv/bin/python benchmarks/registrations.py [--people 200] [--places 100]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_networks \\
        .venv/bin/python benchmarks/registrations.py

``--people`` people register at the same moment for an event with ``--places`` places: they
are spread over ``--connections`` threads with a database connection each (PostgreSQL's
connection limit is shared), released together by a barrier. Prints how many were
confirmed and put on the waiting list, what the event's counter says, and how long it took;
then the time to build the calendar feed of 1,000 events (median and best of 5).
"""

from __future__ import annotations

import argparse
import datetime
import threading
import time

from _setup import database_label, django_setup, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=40)
    args = parser.parse_args()
    django_setup("registrations")

    from django.db import close_old_connections, connection
    from django.utils import timezone

    from zorgwijs.accounts.models import User
    from zorgwijs.networks.calendar import calendar_bytes
    from zorgwijs.networks.models import Event, Registration
    from zorgwijs.networks.selectors import feed_fields
    from zorgwijs.networks.services.registrations import registration_create
    from zorgwijs.organisations.models import Network

    stamp = int(time.time() * 1000)
    network = Network.objects.create(name=f"Bench {stamp}", slug=f"bench-{stamp}")
    start = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        network=network,
        kind="conference",
        title="Werkconferentie",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        capacity=args.places,
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{i}@example.org", full_name=f"Deelnemer {i}")
        for i in range(args.people)
    )
    results: list[str] = []
    errors: list[str] = []
    # One connection per worker, at most --connections of them (PostgreSQL's max_connections is
    # shared); every worker is released at the same moment and registers its share at once.
    workers = max(1, min(args.connections, args.people))
    shares = [users[i::workers] for i in range(workers)]
    barrier = threading.Barrier(workers)

    def register(share: list) -> None:
        close_old_connections()
        try:
            own_event = Event.objects.get(pk=event.pk)
            barrier.wait(timeout=120)
            for user in share:
                results.append(registration_create(actor=user, event=own_event).status)
        except Exception as error:  # noqa: BLE001 - counted and printed: the point of the run
            barrier.abort()  # never leave the others waiting with their connections open
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(share,)) for share in shares]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = (time.perf_counter() - began) * 1000
    event.refresh_from_db()
    stored = Registration.objects.filter(event=event)
    print(
        f"database: {database_label()}; {args.people} simultaneous registrations "
        f"({workers} connections) for {args.places} places in {took:.0f} ms: "
        f"{results.count('confirmed')} confirmed, "
        f"{results.count('waiting')} waiting, {len(errors)} errors; stored: "
        f"{stored.filter(status='confirmed').count()} confirmed, "
        f"{stored.filter(status='waiting').count()} waiting; counter {event.confirmed_count}"
    )
    for error in sorted(set(errors))[:5]:
        print("  error:", error)

    Event.objects.bulk_create(
        Event(
            network=network,
            kind="meeting",
            title=f"Bijeenkomst {i}",
            description="Kennisdelen in de regio.",
            location="Groningen",
            starts_at=start + datetime.timedelta(days=i),
            ends_at=start + datetime.timedelta(days=i, hours=2),
        )
        for i in range(args.events - 1)
    )

    def feed() -> bytes:
        return calendar_bytes(
            feed_fields(Event.objects.filter(network=network)),
            network_slug=network.slug,
            name=network.name,
        )

    count = Event.objects.filter(network=network).count()
    ms, best = timed(feed)
    print(f"calendar feed of {count} events: median {ms:.0f} ms, best {best:.0f} ms")


if __name__ == "__main__":
    main()

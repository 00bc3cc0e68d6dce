"""Queries and time of a network's home, event page, workshop page and contribution page, at a
small and a large size (members, topics and actions, sessions, reactions, reviews).

    .venv/bin/python benchmarks/network_pages.py [--sizes 5 100]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_networks \\
        .venv/bin/python benchmarks/network_pages.py

The issue's target is at most 20 queries per page, flat in the size: the two sizes' counts
should be the same. Read by a person of a member organisation (who sees the most: contacts,
network-only events); median and best of 5 after a warm-up.
"""

from __future__ import annotations

import argparse
import datetime
import time

from _setup import database_label, django_setup, timed


def build(size: int, stamp: int):
    """A public network with ``size`` member organisations, topics, actions, workshops and
    reactions on each page; returns the reader and the four pages' addresses."""
    from django.utils import timezone

    from zorgwijs.accounts.models import User
    from zorgwijs.networks.models import (
        Action,
        Contribution,
        ContributionReaction,
        ContributionReview,
        Event,
        NetworkProfile,
        Session,
        SessionReaction,
        Topic,
    )
    from zorgwijs.organisations.models import (
        Membership,
        Network,
        NetworkMembership,
        Organisation,
        Visibility,
    )

    slug = f"bench-{size}-{stamp}"
    network = Network.objects.create(name=f"Bench {size}", slug=slug)
    NetworkProfile.objects.create(network=network, about="Samen leren.", public_home=True)
    people = User.objects.bulk_create(
        User(email=f"{slug}-{i}@example.org", full_name=f"Persoon {i}") for i in range(size)
    )
    organisations = []
    for i in range(size):
        organisation = Organisation.objects.create(
            slug=f"{slug}-org-{i}", name=f"Organisatie {i}", kind="umc"
        )
        Membership.objects.create(organisation=organisation, user=people[i])
        NetworkMembership.objects.create(
            network=network, organisation=organisation, contact_person=people[i]
        )
        organisations.append(organisation)
        topic = Topic.objects.create(network=network, number=i + 1, title=f"Thema {i}")
        Action.objects.create(topic=topic, title=f"Actie {i}", owner_organisation=organisation)
    start = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        network=network,
        kind="conference",
        title="Werkconferentie",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=size * 10,
        visibility=Visibility.NETWORK,
    )
    sessions = [
        Session.objects.create(
            event=event,
            title=f"Workshop {i}",
            leaders="Ineke de Vries",
            starts_at=start + datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=2),
            capacity=20,
        )
        for i in range(size)
    ]
    SessionReaction.objects.bulk_create(
        SessionReaction(session=sessions[0], author=p, text="Leerzaam", status="approved")
        for p in people
    )
    piece = Contribution.objects.create(
        network=network,
        kind="column",
        title="Leren in het werk",
        body="Tekst.",
        author=people[0],  # the reader: the reviews show too
        status="scheduled",
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    ContributionReaction.objects.bulk_create(
        ContributionReaction(contribution=piece, author=p, text="Mee eens", status="approved")
        for p in people
    )
    ContributionReview.objects.bulk_create(
        ContributionReview(contribution=piece, reviewer=p, decision="comment", comment="Goed")
        for p in people[1:]
    )
    base = f"/netwerken/{slug}"
    return people[0], {
        "network home": f"{base}/",
        "event page": f"{base}/activiteiten/{event.pk}/",
        "workshop page": f"{base}/activiteiten/{event.pk}/programma/{sessions[0].pk}/",
        "contribution page": f"{base}/bijdragen/{piece.pk}/",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100])
    args = parser.parse_args()
    django_setup("network-pages")

    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import override_settings
    from django_scopes import scopes_disabled

    print(f"database: {database_label()}")
    # As in tests: keep the connection across requests, so its queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    stamp = int(time.time() * 1000)
    for size in args.sizes:
        with scopes_disabled():
            reader, pages = build(size, stamp)
        client = Client()
        client.force_login(reader)
        with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
            for name, url in pages.items():
                assert client.get(url).status_code == 200, url
                queries: list[str] = []

                def count(execute, sql, params, many, context, queries=queries):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    client.get(url)
                median, best = timed(lambda url=url, client=client: client.get(url))
                print(
                    f"{name}, size {size} (members, topics, sessions, reactions): "
                    f"{len(queries)} queries, median {median:.0f} ms, best {best:.0f} ms "
                    "— target 20 queries"
                )


if __name__ == "__main__":
    main()

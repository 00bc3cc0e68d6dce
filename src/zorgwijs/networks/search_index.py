"""How a network appears in search: the ``network`` kind (its home: what it is, its
convenant, topics and actions), the ``event`` kind, the ``contribution`` kind and the
``poster`` kind.

A public event of a network with a public home is public; every other event is a network
event owned by the network's member organisations, so search shows it to their people only
(the same rule as the pages, minus individual participants, who find it on the network's
pages). Events are re-indexed when they change and when the network's profile changes; the
network's own document when its profile, convenant, topics, actions or members change.

A poster is read exactly as its page is (``access.NetworkAccess.sees_event``): public when its
event is public and the network's home is public, otherwise only by the network's people —
the member organisations' staff, everyone with a role in the network (also participants who
joined on their own) and platform admins. Such a poster is ``SCOPED`` with the scope
``network:<id>``, and ``network_scopes`` answers, per viewer, which networks they are a person
of; so a participant who joins finds it at once, without re-indexing. Posters follow every
save and delete (signals: submitting, the award, an edit, a removed event), the award that
moves away (a bulk update, re-indexed in ``poster_award``) and their event and network
(``event_index``, ``network_events_index``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, NetworkMembership, Visibility
from zorgwijs.organisations.visibility import Viewer, register_scopes
from zorgwijs.search.registry import SCOPED, IndexEntry, SourceKind, register_kind
from zorgwijs.search.services import document_delete, document_upsert

from .models import (
    Contribution,
    ContributionStatus,
    Convenant,
    Event,
    NetworkProfile,
    NetworkRole,
    Poster,
    Topic,
)

KIND = "event"
CONTRIBUTION = "contribution"
NETWORK = "network"
POSTER = "poster"
NETWORK_SCOPE = "network:"


def _entry(event: Event, *, public_home: bool, member_ids: list[int]) -> IndexEntry:
    public = event.visibility == Visibility.PUBLIC and public_home
    sessions = list(event.sessions.all())
    body = "\n".join(
        [
            event.description,
            *(f"{s.title} {s.leaders} {s.description} {s.summary}" for s in sessions),
        ]
    )
    return IndexEntry(
        kind=KIND,
        object_id=event.pk,
        title=event.title,
        url=event.get_absolute_url(),
        visibility=Visibility.PUBLIC if public else Visibility.NETWORK,
        summary=f"{event.network.name} · {event.starts_at:%d-%m-%Y} · {event.location}".strip(" ·"),
        body=body,
        organisation_ids=member_ids,
        facets=[("region", event.network.region, event.network.region)]
        if event.network.region
        else [],
        meta={"organisation": event.network.name, "region": event.network.region},
    )


def _context(network: Network) -> tuple[bool, list[int]]:
    profile = NetworkProfile.objects.filter(network=network).first()
    members = list(
        NetworkMembership.objects.filter(network=network).values_list("organisation_id", flat=True)
    )
    return bool(profile and profile.public_home), members


def _network_entry(network: Network, *, public_home: bool, member_ids: list[int]) -> IndexEntry:
    """The network's home: its name, what it is, the convenant, and its topics with their
    actions (not the actions' projects, which each have their own visibility)."""
    profile = NetworkProfile.objects.filter(network=network).first()
    about = (profile.about if profile else "") or network.description
    convenant = Convenant.objects.filter(network=network).first()
    lines = [about, convenant.title if convenant else ""]
    for topic in Topic.objects.filter(network=network).prefetch_related("actions"):
        lines.append(f"{topic.title} {topic.description}")
        lines += [f"{a.title} {a.description}" for a in topic.actions.all()]
    return IndexEntry(
        kind=NETWORK,
        object_id=network.pk,
        title=network.name,
        url=reverse("networks:home", kwargs={"network_slug": network.slug}),
        visibility=Visibility.PUBLIC if public_home else Visibility.NETWORK,
        summary=(about or network.region)[:300],
        body="\n".join(line for line in lines if line.strip()),
        organisation_ids=member_ids,
        facets=[("region", network.region, network.region)] if network.region else [],
        meta={"region": network.region},
    )


def network_index(network: Network) -> None:
    """The network's own document, again (its home changed: profile, convenant, a topic or an
    action, the members)."""
    public_home, members = _context(network)
    document_upsert(_network_entry(network, public_home=public_home, member_ids=members))


def _all_networks() -> Iterator[IndexEntry]:
    for network in Network.objects.order_by("pk"):
        public_home, members = _context(network)
        yield _network_entry(network, public_home=public_home, member_ids=members)


def event_index(event: Event) -> None:
    """The event and its posters (its title and visibility are part of theirs)."""
    public_home, members = _context(event.network)
    document_upsert(_entry(event, public_home=public_home, member_ids=members))
    for poster in event.posters.all():
        poster.event = event
        document_upsert(_poster_entry(poster, public_home=public_home))


def network_events_index(network: Network) -> None:
    """Everything of the network in search, again (its profile or its members changed)."""
    public_home, members = _context(network)
    document_upsert(_network_entry(network, public_home=public_home, member_ids=members))
    for event in Event.objects.filter(network=network).select_related("network"):
        document_upsert(_entry(event, public_home=public_home, member_ids=members))
    for piece in published_contributions().filter(network=network):
        document_upsert(_contribution_entry(piece, public_home=public_home, member_ids=members))
    for poster in Poster.objects.filter(event__network=network).select_related("event__network"):
        document_upsert(_poster_entry(poster, public_home=public_home))


def _all_events() -> Iterator[IndexEntry]:
    contexts: dict[int, tuple[bool, list[int]]] = {}
    events = Event.objects.select_related("network").prefetch_related("sessions")
    for event in events.iterator(chunk_size=500):
        if event.network_id not in contexts:
            contexts[event.network_id] = _context(event.network)
        public_home, members = contexts[event.network_id]
        yield _entry(event, public_home=public_home, member_ids=members)


def _contribution_entry(
    piece: Contribution, *, public_home: bool, member_ids: list[int]
) -> IndexEntry:
    return IndexEntry(
        kind=CONTRIBUTION,
        object_id=piece.pk,
        title=piece.title,
        url=piece.get_absolute_url(),
        visibility=Visibility.PUBLIC if public_home else Visibility.NETWORK,
        summary=piece.body[:300],
        body=piece.body,
        organisation_ids=member_ids,
        meta={"organisation": piece.network.name, "kind": str(piece.get_kind_display())},
    )


def contribution_index(piece: Contribution) -> None:
    """In search once published (scheduled and due); out of it otherwise. Pieces that become
    due later are added by ``manage.py zorgwijs_networks_publish`` (cron, hourly)."""
    if piece.is_published:
        public_home, members = _context(piece.network)
        document_upsert(_contribution_entry(piece, public_home=public_home, member_ids=members))
    else:
        document_delete(kind=CONTRIBUTION, object_id=piece.pk)


def published_contributions():
    return Contribution.objects.filter(
        status=ContributionStatus.SCHEDULED, publish_at__lte=timezone.now()
    ).select_related("network")


def _all_contributions() -> Iterator[IndexEntry]:
    contexts: dict[int, tuple[bool, list[int]]] = {}
    for piece in published_contributions().iterator(chunk_size=500):
        if piece.network_id not in contexts:
            contexts[piece.network_id] = _context(piece.network)
        public_home, members = contexts[piece.network_id]
        yield _contribution_entry(piece, public_home=public_home, member_ids=members)


def _poster_entry(poster: Poster, *, public_home: bool) -> IndexEntry:
    """Title, abstract, organisation and the award it won, with its event and network."""
    event = poster.event
    network = event.network
    public = event.visibility == Visibility.PUBLIC and public_home
    body = [poster.organisation_name, poster.award, event.title, network.name]
    return IndexEntry(
        kind=POSTER,
        object_id=poster.pk,
        title=poster.title,
        url=reverse(
            "networks:poster",
            kwargs={"network_slug": network.slug, "event_id": event.pk, "poster_id": poster.pk},
        ),
        visibility=Visibility.PUBLIC.value if public else SCOPED,
        scope=f"{NETWORK_SCOPE}{network.pk}",
        summary=poster.abstract,
        body="\n".join(line for line in body if line),
        facets=[("region", network.region, network.region)] if network.region else [],
        meta={
            "organisation": poster.organisation_name,
            "event": event.title,
            "award": poster.award,
        },
    )


def poster_index(poster: Poster) -> None:
    network = poster.event.network
    public_home = NetworkProfile.objects.filter(network=network, public_home=True).exists()
    document_upsert(_poster_entry(poster, public_home=public_home))


def _all_posters() -> Iterator[IndexEntry]:
    public_homes = set(
        NetworkProfile.objects.filter(public_home=True).values_list("network_id", flat=True)
    )
    posters = Poster.objects.select_related("event__network").order_by("pk")
    for poster in posters.iterator(chunk_size=500):
        yield _poster_entry(poster, public_home=poster.event.network_id in public_homes)


def network_scopes(viewer: Viewer) -> Iterable[str]:
    """The networks ``viewer`` is a person of (``NetworkAccess.is_network_person``): those of
    their organisations, those where they hold a role, every network for a platform admin."""
    user_id = viewer.user_id
    if user_id is None:
        return []
    networks = Network.objects.all()
    if not viewer.is_platform_admin:  # one query: a member organisation's, or a role's
        networks = networks.filter(
            Exists(
                NetworkMembership.objects.filter(
                    network=OuterRef("pk"), organisation_id__in=viewer.org_ids
                )
            )
            | Exists(NetworkRole.objects.filter(network=OuterRef("pk"), user_id=user_id))
        )
    ids = networks.values_list("pk", flat=True)
    return [f"{NETWORK_SCOPE}{pk}" for pk in ids]


def _on_poster_saved(sender, instance: Poster, raw: bool = False, **kwargs) -> None:
    if not raw:
        poster_index(instance)


def _on_poster_deleted(sender, instance: Poster, **kwargs) -> None:
    document_delete(kind=POSTER, object_id=instance.pk)


def register() -> None:
    register_kind(SourceKind(NETWORK, _("Netwerk"), _all_networks))
    register_kind(SourceKind(KIND, _("Activiteit"), _all_events))
    register_kind(SourceKind(CONTRIBUTION, _("Bijdrage"), _all_contributions))
    register_kind(SourceKind(POSTER, _("Poster"), _all_posters))
    register_scopes(network_scopes)
    uid = "networks.search_index.poster"
    post_save.connect(_on_poster_saved, sender=Poster, dispatch_uid=f"{uid}.saved")
    post_delete.connect(_on_poster_deleted, sender=Poster, dispatch_uid=f"{uid}.deleted")

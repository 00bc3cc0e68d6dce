"""The editorial workflow: draft → submitted → in review (comments, requested changes) →
approved → scheduled (published when its moment comes). Each step is audited and notifies who
acts next through the notifications app (``signals.announce``): the editorial board when a
piece is submitted, the author after a review, when it is scheduled and when it is published
(``manage.py zorgwijs_networks_publish``). Each person gets each step once, in the app and by
e-mail as they chose."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.organisations.models import Network

from ..access import NetworkAccess
from ..models import (
    Contribution,
    ContributionReaction,
    ContributionReview,
    ContributionStatus,
    MonthlyTheme,
    NetworkRole,
    ReviewDecision,
    RoleKind,
)
from ..search_index import contribution_index
from ..signals import announce

S = ContributionStatus
EDITABLE = (S.DRAFT, S.CHANGES_REQUESTED)


REVIEW_EVENTS = {
    ReviewDecision.COMMENT: "contribution.commented",
    ReviewDecision.CHANGES: "contribution.returned",
    ReviewDecision.APPROVE: "contribution.accepted",
}


def _editors(network: Network, *, except_user: User | None = None) -> list[User]:
    editors = User.objects.filter(
        network_roles__network=network,
        network_roles__role__in=[RoleKind.EDITOR, RoleKind.COORDINATOR],
        is_active=True,
    ).distinct()
    if except_user is not None:
        editors = editors.exclude(pk=except_user.pk)
    return list(editors)


def _audit(
    action: str,
    actor: User,
    contribution: Contribution,
    *,
    context: AuditContext | None,
    **data: Any,
) -> None:
    record(action, kind="change", actor=actor, obj=contribution, context=context, data=data)


THEME_FIELDS = ("month", "title", "quote", "quote_source")


@transaction.atomic
def theme_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    theme: MonthlyTheme | None = None,
    context: AuditContext | None = None,
) -> MonthlyTheme:
    """A new monthly theme, or ``theme`` changed; one theme per month either way."""
    month = data["month"].replace(day=1)
    taken = MonthlyTheme.objects.filter(network=network, month=month)
    if theme is not None:
        if theme.network_id != network.pk:
            raise ValidationError(_("Kies een thema van dit netwerk."))
        taken = taken.exclude(pk=theme.pk)
    if taken.exists():
        raise ValidationError({"month": _("Deze maand heeft al een thema.")})
    values = {
        "month": month,
        "title": data["title"],
        "quote": data.get("quote", ""),
        "quote_source": data.get("quote_source", ""),
    }
    if theme is None:
        theme = MonthlyTheme.objects.create(network=network, **values)
        record("networks.theme.saved", kind="change", actor=actor, obj=theme, context=context)
        return theme
    theme = MonthlyTheme.objects.select_for_update().get(pk=theme.pk)
    changed = [name for name in THEME_FIELDS if getattr(theme, name) != values[name]]
    for name in changed:
        setattr(theme, name, values[name])
    theme.save(update_fields=changed or None)
    record(
        "networks.theme.changed",
        kind="change",
        actor=actor,
        obj=theme,
        context=context,
        data={"network": network.pk, "changed": changed},
    )
    return theme


@transaction.atomic
def contribution_save(
    *,
    actor: User,
    access: NetworkAccess,
    data: dict[str, Any],
    contribution: Contribution | None = None,
    context: AuditContext | None = None,
) -> Contribution:
    """Write a new piece (any person of the network, invited authors who joined included) or
    change one's own while it is a draft or changes were asked for."""
    if contribution is None:
        if not access.is_network_person:
            raise ValidationError(_("Alleen mensen van het netwerk schrijven bijdragen."))
        contribution = Contribution(network=access.network, author=actor)
    else:
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if contribution.author_id != actor.pk:
            raise ValidationError(_("Alleen de auteur bewerkt een bijdrage."))
        if contribution.status not in EDITABLE:
            raise ValidationError(
                _("Een ingediende bijdrage bewerk je pas weer als de redactie erom vraagt.")
            )
    theme = data.get("theme")
    if theme is not None and theme.network_id != access.network.pk:
        raise ValidationError({"theme": _("Kies een thema van dit netwerk.")})
    for name in ("kind", "title", "body", "theme"):
        if name in data:
            setattr(contribution, name, data[name])
    contribution.save()
    _audit("networks.contribution.saved", actor, contribution, context=context)
    return contribution


@transaction.atomic
def contribution_submit(
    *, actor: User, contribution: Contribution, context: AuditContext | None = None
) -> Contribution:
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.author_id != actor.pk:
        raise ValidationError(_("Alleen de auteur dient een bijdrage in."))
    if locked.status not in EDITABLE:
        raise ValidationError(_("Deze bijdrage is al ingediend."))
    locked.status = S.SUBMITTED
    locked.save(update_fields=["status", "updated_at"])
    _audit("networks.contribution.submitted", actor, locked, context=context)
    announce(
        kind="contribution.submitted",
        obj=locked,
        actor=actor,
        recipient_ids=[u.pk for u in _editors(locked.network, except_user=actor)],
    )
    return locked


@transaction.atomic
def contribution_review(
    *,
    actor: User,
    access: NetworkAccess,
    contribution: Contribution,
    decision: str,
    comment: str = "",
    context: AuditContext | None = None,
) -> ContributionReview:
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not access.is_editor:
        raise ValidationError(_("Alleen de redactie beoordeelt bijdragen."))
    if locked.author_id == actor.pk:
        raise ValidationError(_("Je beoordeelt je eigen bijdrage niet; dat doet een ander."))
    if locked.status not in (S.SUBMITTED, S.IN_REVIEW):
        raise ValidationError(_("Deze bijdrage wacht niet op een beoordeling."))
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": _("Kies een besluit.")})
    if decision != ReviewDecision.APPROVE and not comment.strip():
        raise ValidationError({"comment": _("Schrijf wat de auteur moet weten.")})
    review = ContributionReview.objects.create(
        contribution=locked, reviewer=actor, decision=decision, comment=comment.strip()
    )
    locked.status = {
        ReviewDecision.COMMENT: S.IN_REVIEW,
        ReviewDecision.CHANGES: S.CHANGES_REQUESTED,
        ReviewDecision.APPROVE: S.APPROVED,
    }[ReviewDecision(decision)]
    locked.save(update_fields=["status", "updated_at"])
    _audit("networks.contribution.reviewed", actor, locked, context=context, decision=decision)
    if locked.author_id is not None:
        announce(
            kind=REVIEW_EVENTS[ReviewDecision(decision)],
            obj=locked,
            actor=actor,
            recipient_ids=[locked.author_id],
        )
    return review


@transaction.atomic
def contribution_schedule(
    *,
    actor: User,
    access: NetworkAccess,
    contribution: Contribution,
    publish_at: datetime.datetime,
    context: AuditContext | None = None,
) -> Contribution:
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not access.is_editor:
        raise ValidationError(_("Alleen de redactie plant bijdragen in."))
    if locked.status not in (S.APPROVED, S.SCHEDULED):
        raise ValidationError(_("Alleen een goedgekeurde bijdrage kan worden ingepland."))
    if locked.is_published:
        raise ValidationError(_("Deze bijdrage staat er al."))
    if publish_at < timezone.now() - datetime.timedelta(minutes=1):
        raise ValidationError({"publish_at": _("Kies een moment dat nog moet komen.")})
    locked.status = S.SCHEDULED
    locked.publish_at = publish_at
    locked.save(update_fields=["status", "publish_at", "updated_at"])
    _audit(
        "networks.contribution.scheduled", actor, locked, context=context, at=publish_at.isoformat()
    )
    contribution_index(locked)
    if locked.author_id is not None:
        announce(
            kind="contribution.scheduled",
            obj=locked,
            actor=actor,
            recipient_ids=[locked.author_id],
        )
    return locked


def editor_ids(network: Network) -> set[int]:
    return set(
        NetworkRole.objects.filter(
            network=network, role__in=[RoleKind.EDITOR, RoleKind.COORDINATOR]
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def reader_reaction_post(
    *,
    actor: User | None,
    access: NetworkAccess,
    contribution: Contribution,
    text: str,
    context: AuditContext | None = None,
) -> ContributionReaction:
    """A reader reacts on a published piece: a person of the network, or anyone when the
    network allows anonymous reactions. Nothing shows before the board approves it."""
    if not contribution.is_published:
        raise ValidationError(_("Reageren kan op verschenen bijdragen."))
    if actor is None and not access.profile.anonymous_reactions:
        raise ValidationError(_("Log in om te reageren."))
    if (
        actor is not None
        and not access.is_network_person
        and not access.profile.anonymous_reactions
    ):
        raise ValidationError(_("Reageren kan voor mensen van het netwerk."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf je reactie.")})
    reaction = ContributionReaction.objects.create(
        contribution=contribution, author=actor, text=text
    )
    record(
        "networks.contribution.reacted",
        kind="change",
        actor=actor,
        obj=reaction,
        context=context,
        data={"contribution": contribution.pk},
    )
    return reaction


@transaction.atomic
def reader_reaction_moderate(
    *,
    actor: User,
    access: NetworkAccess,
    reaction: ContributionReaction,
    approve: bool,
    context: AuditContext | None = None,
) -> ContributionReaction:
    if not access.is_editor:
        raise ValidationError(_("Alleen de redactie keurt reacties goed."))
    reaction.status = "approved" if approve else "rejected"
    reaction.save(update_fields=["status"])
    record(
        "networks.contribution.reaction_moderated",
        kind="change",
        actor=actor,
        obj=reaction,
        context=context,
        data={"status": reaction.status},
    )
    return reaction

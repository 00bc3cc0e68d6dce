"""Reactions and golden tips of visitors on a project: reads, writes and who moderates.

- A signed-in person who may read a project posts a reaction or a golden tip. By default it
  waits for a moderator (``REACTIONS_PREMODERATED``); until then only its author and the
  moderators see it. Moderators are the project's editors (members of the owner and the
  co-owners; platform admins for imported records) and platform admins.
- Anyone signed in who sees a reaction may report it; reported reactions wait in the
  moderation queue until a moderator keeps, hides or rejects them, with a reason. Nothing is
  deleted: the decision stays on the row and in the audit log.
- Text is plain text, stored as typed (control characters removed) and escaped when shown.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.core.data_cache import held_locally
from zorgwijs.organisations.visibility import Viewer

from .models import Project, ProjectReaction, ReactionKind, ReactionReport, ReactionStatus
from .selectors import can_edit, project_list

MIN_TEXT = 3
MAX_TEXT = 2000
MAX_REASON = 1000
# Per person, per rolling hour: enough for a lively discussion, too few for a flood.
POSTS_PER_HOUR = 10
REPORTS_PER_HOUR = 20
RATE_WINDOW = datetime.timedelta(hours=1)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


def premoderated() -> bool:
    """Do new reactions wait for approval? A platform setting, on unless switched off."""
    return getattr(settings, "REACTIONS_PREMODERATED", True)


def clean_text(text: str) -> str:
    """Plain text as typed, without control characters and runs of empty lines."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# --- Reads --------------------------------------------------------------------------------------


def can_moderate(viewer: Viewer, project: Project) -> bool:
    """For a project the viewer may read: its editors and the platform admins moderate."""
    return viewer.is_authenticated and (viewer.is_platform_admin or can_edit(viewer, project))


def reactions_for_viewer(*, viewer: Viewer, project: Project) -> list[ProjectReaction]:
    """What the viewer sees on the project page: approved reactions, and their own in any
    state (so an author sees that theirs waits, or why it was refused).

    The project's reactions are kept under the data generation (a reaction posted, reported
    or moderated makes a new one), their authors without password hashes; the rule above is
    applied for each viewer."""
    every = held_locally(f"projects:reactions:{project.pk}", lambda: _reactions_of(project))
    return [
        r
        for r in every
        if r.status == ReactionStatus.APPROVED or (viewer.user_id and r.author_id == viewer.user_id)
    ]


def _reactions_of(project: Project) -> list[ProjectReaction]:
    return list(project.reactions.select_related("author").defer("author__password"))


def approved_tips(project: Project) -> QuerySet[ProjectReaction]:
    """The visitors' golden tips everyone who reads the project sees."""
    return project.reactions.filter(
        status=ReactionStatus.APPROVED, kind=ReactionKind.TIP
    ).select_related("author")


def moderated_projects(*, viewer: Viewer) -> QuerySet[Project]:
    """Projects whose reactions the viewer moderates: readable, and theirs to edit (or any
    readable one for platform admins)."""
    readable = Project.objects.visible_to(viewer)
    if viewer.is_platform_admin:
        return readable
    own = Q(organisation_id__in=viewer.org_ids) | Q(co_owners__in=viewer.org_ids)
    return readable.filter(id__in=Project.objects.filter(own).values("id"))


def _open_reports():
    return ReactionReport.objects.filter(reaction=OuterRef("pk"), resolved_at__isnull=True)


def moderation_queue(*, viewer: Viewer) -> QuerySet[ProjectReaction]:
    """Reactions waiting for a decision: new ones awaiting approval and reported ones."""
    if not viewer.is_authenticated:
        return ProjectReaction.objects.none()
    projects = moderated_projects(viewer=viewer).values("id")
    return (
        ProjectReaction.objects.filter(project_id__in=projects)
        .annotate(reported=Exists(_open_reports()))
        .filter(Q(status=ReactionStatus.PENDING) | Q(reported=True))
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("project", "author")
        .prefetch_related("reports")
        .order_by("created_at", "id")
    )


def pending_count(*, viewer: Viewer, project: Project) -> int:
    """How many of this project's reactions wait for the moderator ``viewer``."""
    if not can_moderate(viewer, project):
        return 0
    return moderation_queue(viewer=viewer).filter(project=project).count()


def get_reaction_for_viewer(*, viewer: Viewer, reaction_id: int) -> ProjectReaction:
    """A reaction the viewer sees (approved, or their own) on a project they may read; 404
    for anything else, so hidden and waiting reactions do not reveal themselves."""
    reaction = (
        ProjectReaction.objects.filter(pk=reaction_id, project__in=project_list(viewer=viewer))
        .select_related("project", "author")
        .first()
    )
    if reaction is None:
        raise Http404
    visible = reaction.status == ReactionStatus.APPROVED or reaction.author_id == viewer.user_id
    if not visible and not can_moderate(viewer, reaction.project):
        raise Http404
    return reaction


def get_reaction_for_moderator(*, viewer: Viewer, reaction_id: int) -> ProjectReaction:
    """404 for what the viewer may not see, 403 for readers who do not moderate."""
    reaction = get_reaction_for_viewer(viewer=viewer, reaction_id=reaction_id)
    if not can_moderate(viewer, reaction.project):
        raise PermissionDenied
    return reaction


# --- Writes -------------------------------------------------------------------------------------


def _check_text(text: str, field: str, maximum: int, empty_message: str) -> None:
    if len(text) < MIN_TEXT:
        raise ValidationError({field: empty_message})
    if len(text) > maximum:
        raise ValidationError(
            {
                field: _("Gebruik hoogstens %(max)s tekens (nu %(n)s).")
                % {"max": maximum, "n": len(text)}
            }
        )


def _recent(queryset, since: datetime.datetime) -> int:
    return queryset.filter(created_at__gte=since).count()


@transaction.atomic
def reaction_post(
    *,
    actor,
    viewer: Viewer,
    project: Project,
    kind: str,
    text: str,
    context: AuditContext | None = None,
) -> ProjectReaction:
    """Post a reaction or golden tip as ``actor`` (who may read ``project``)."""
    text = clean_text(text)
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Kies een reactie of een gouden tip.")})
    _check_text(text, "text", MAX_TEXT, _("Schrijf je reactie of tip."))
    # Lock the project row: posts of one project queue up here, so exactly one of them
    # schedules the owners' e-mail for a batch.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    since = timezone.now() - RATE_WINDOW
    if _recent(ProjectReaction.objects.filter(author=actor), since) >= POSTS_PER_HOUR:
        raise ValidationError(
            {
                "text": _(
                    "Je hebt het afgelopen uur al %(n)s reacties geplaatst. Probeer het later "
                    "opnieuw."
                )
                % {"n": POSTS_PER_HOUR}
            }
        )
    moderator = can_moderate(viewer, project)
    immediate = moderator or not premoderated()
    now = timezone.now()
    reaction = ProjectReaction.objects.create(
        project=project,
        author=actor,
        kind=kind,
        text=text,
        status=ReactionStatus.APPROVED if immediate else ReactionStatus.PENDING,
        # The owners need no e-mail about what one of them wrote.
        owners_notified_at=now if moderator else None,
    )
    record(
        "projects.reaction.created",
        kind="change",
        actor=actor,
        organisation=project.organisation,
        obj=reaction,
        context=context,
        data={"project": project.pk, "kind": kind, "status": reaction.status},
    )
    if not moderator:
        _schedule_owner_notification(project, reaction)
    return reaction


def _schedule_owner_notification(project: Project, reaction: ProjectReaction) -> None:
    """The first reaction of a batch schedules one e-mail to the owners a little later; the
    ones that follow before it is sent ride along in the same e-mail."""
    from .tasks import enqueue_owner_notification

    earlier = (
        project.reactions.filter(owners_notified_at__isnull=True).exclude(pk=reaction.pk).exists()
    )
    if not earlier:
        enqueue_owner_notification(project.pk)


@transaction.atomic
def reaction_report(
    *, actor, reaction: ProjectReaction, reason: str, context: AuditContext | None = None
) -> ReactionReport:
    """Report a visible reaction; it goes to the moderators' queue (and stays visible until
    they decide)."""
    reason = clean_text(reason)
    _check_text(reason, "reason", MAX_REASON, _("Schrijf kort waarom deze reactie niet klopt."))
    if reaction.status != ReactionStatus.APPROVED:
        raise ValidationError({"reason": _("Deze reactie staat niet (meer) op het project.")})
    if reaction.author_id == actor.pk:
        raise ValidationError({"reason": _("Je kunt je eigen reactie niet melden.")})
    if reaction.reports.filter(reporter=actor).exists():
        raise ValidationError({"reason": _("Je hebt deze reactie al gemeld.")})
    since = timezone.now() - RATE_WINDOW
    if _recent(ReactionReport.objects.filter(reporter=actor), since) >= REPORTS_PER_HOUR:
        raise ValidationError(
            {"reason": _("Je hebt het afgelopen uur veel meldingen gedaan. Probeer het later.")}
        )
    report = ReactionReport.objects.create(reaction=reaction, reporter=actor, reason=reason)
    record(
        "projects.reaction.reported",
        kind="change",
        actor=actor,
        organisation=reaction.project.organisation,
        obj=reaction,
        context=context,
        data={"project": reaction.project_id, "report": report.pk},
    )
    return report


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    HIDE = "hide"


# What each decision may follow, and the state it leads to. Approving a reported reaction
# keeps it; approving a hidden one puts it back.
TRANSITIONS = {
    Decision.APPROVE: (
        {ReactionStatus.PENDING, ReactionStatus.APPROVED, ReactionStatus.HIDDEN},
        ReactionStatus.APPROVED,
    ),
    Decision.REJECT: ({ReactionStatus.PENDING}, ReactionStatus.REJECTED),
    Decision.HIDE: ({ReactionStatus.APPROVED}, ReactionStatus.HIDDEN),
}


@transaction.atomic
def reaction_moderate(
    *,
    actor,
    reaction: ProjectReaction,
    decision: str,
    reason: str = "",
    context: AuditContext | None = None,
) -> ProjectReaction:
    """Approve (or keep), reject or hide a reaction; open reports are resolved with it.
    Rejecting and hiding need a reason: the author sees it."""
    fresh = ProjectReaction.objects.select_for_update().get(pk=reaction.pk)
    reason = clean_text(reason)
    if decision not in TRANSITIONS:
        raise ValidationError({"decision": _("Kies goedkeuren, afwijzen of verbergen.")})
    allowed, target = TRANSITIONS[decision]
    if fresh.status not in allowed:
        raise ValidationError(
            {
                "decision": _("Dit kan niet bij een reactie met status '%(s)s'.")
                % {"s": fresh.get_status_display()}
            }
        )
    if decision != Decision.APPROVE:
        _check_text(reason, "reason", MAX_REASON, _("Geef een reden; de schrijver ziet die."))
    elif len(reason) > MAX_REASON:
        _check_text(reason, "reason", MAX_REASON, "")
    before = fresh.status
    now = timezone.now()
    fresh.status = target
    fresh.moderated_by = actor
    fresh.moderated_at = now
    fresh.moderation_reason = reason
    fresh.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    resolved = fresh.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    record(
        f"projects.reaction.{target}",
        kind="change",
        actor=actor,
        organisation=fresh.project.organisation,
        subject=fresh.author,
        obj=fresh,
        context=context,
        data={
            "project": fresh.project_id,
            "from": before,
            "to": target,
            "reason": reason,
            "reports_resolved": resolved,
        },
    )
    return fresh

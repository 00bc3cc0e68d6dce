"""Background work of the projects app: telling the owners about new reactions, in batches.

The first reaction of a batch schedules ``reactions_notify_owners`` ``NOTIFY_DELAY`` later;
reactions that arrive in the meantime are told in the same e-mail, so owners get at most one
e-mail per project per quarter of an hour however lively the discussion.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

NOTIFY_DELAY = datetime.timedelta(minutes=15)


def enqueue_owner_notification(project_id: int) -> None:
    """Schedule the owners' e-mail (in the caller's transaction with the database backend,
    after its commit with others, as ``email_send`` does)."""
    from django_tasks_db import DatabaseBackend

    def enqueue() -> None:
        run_after = timezone.now() + NOTIFY_DELAY
        reactions_notify_owners.using(run_after=run_after).enqueue(project_id=project_id)

    if isinstance(reactions_notify_owners.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


def project_owners(project) -> list:
    """Who hears about reactions: the project's author and the editors of the owning and
    co-owning organisations (their organisation admins when there are none); for an imported
    record without an owning organisation, the platform admins."""
    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.capabilities import members_with_capability
    from zorgwijs.organisations.models import Membership

    if project.organisation_id is None:
        return list(User.objects.filter(is_platform_admin=True, is_active=True).order_by("pk"))
    org_ids = [project.organisation_id, *project.co_owners.values_list("pk", flat=True)]
    with scopes_disabled():
        members = Membership.objects.active().filter(organisation_id__in=org_ids)
        editors = members.filter(pk__in=members_with_capability("projects.hear_reactions"))
        user_ids = set(editors.values_list("user_id", flat=True))
        if project.created_by_id and members.filter(user_id=project.created_by_id).exists():
            user_ids.add(project.created_by_id)
        if not user_ids:
            admins = members.filter(
                organisation_id=project.organisation_id,
                pk__in=members_with_capability("organisation.manage"),
            )
            user_ids = set(admins.values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


@task()
def reactions_notify_owners(*, project_id: int) -> int:
    """One e-mail per owner about the reactions they were not told about yet; returns how many
    e-mails were queued (0 when another run already told them)."""
    from zorgwijs.core.email import email_send

    from .models import Project, ProjectReaction, ReactionKind, ReactionStatus

    with transaction.atomic():
        project = Project.objects.select_for_update().filter(pk=project_id).first()
        if project is None:
            return 0
        batch = list(
            ProjectReaction.objects.filter(project=project, owners_notified_at__isnull=True)
        )
        if not batch:
            return 0
        ProjectReaction.objects.filter(pk__in=[r.pk for r in batch]).update(
            owners_notified_at=timezone.now()
        )
        context = {
            "project_id": project.pk,
            "project_title": project.title,
            "project_path": project.get_absolute_url(),
            "reactions": sum(1 for r in batch if r.kind == ReactionKind.REACTION),
            "tips": sum(1 for r in batch if r.kind == ReactionKind.TIP),
            "waiting": sum(1 for r in batch if r.status == ReactionStatus.PENDING),
        }
        owners = project_owners(project)
        for owner in owners:
            email_send(to_user=owner, template="projects/reactions_new", context=context)
    return len(owners)

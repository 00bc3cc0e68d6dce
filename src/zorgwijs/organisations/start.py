"""Start-page panels of the organisation and platform admins (docs/screens.md).

Organisation admin: people without a function or department, accounts that never signed in
(pending invitations), the last HR import, and people whose role needs two factors that they
have not set up. Platform admin: applications waiting, networks, the reactions to moderate and
the glossary. A fixed number of queries each: counts, never lists of everyone.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.core.start import ORDER_ORGANISATION, ORDER_TASKS, StartPanel

from .access import OrgAccess
from .capabilities import SENSITIVE_ROLES
from .models import HrImportJob, Membership, Network, OrganisationApplication, RoleAssignment


def admin_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("people.manage"):
        return None
    organisation = access.organisation
    active = Membership.objects.filter(organisation=organisation).active(timezone.localdate())
    enrolled = Exists(Authenticator.objects.filter(user=OuterRef("user_id")))
    if organisation.require_mfa_for_everyone:
        needing = active
    elif organisation.require_mfa_for_sensitive_roles:
        needing = active.filter(
            Exists(
                RoleAssignment.objects.filter(membership=OuterRef("pk"), role__in=SENSITIVE_ROLES)
            )
        )
    else:
        needing = active.none()
    figures = active.aggregate(
        unplaced=Count(
            "pk", filter=Q(job_function__isnull=True) | Q(primary_department__isnull=True)
        ),
        never_signed_in=Count("pk", filter=Q(user__last_login__isnull=True)),
    )
    figures["without_mfa"] = needing.exclude(enrolled).count()
    job = (
        HrImportJob.objects.filter(organisation=organisation)
        .order_by("-created_at", "-id")
        .values("pk", "status", "created_at")
        .first()
    )
    last_import = None
    if job is not None:
        last_import = {**job, "status_label": HrImportJob.Status(job["status"]).label}
    return StartPanel(
        "organisations/start_admin.html",
        {"figures": figures, "last_import": last_import},
        order=ORDER_ORGANISATION,
    )


def platform_panel(request: HttpRequest) -> StartPanel | None:
    user = request.user
    if not getattr(user, "is_platform_admin", False):
        return None
    from zorgwijs.organisations.visibility import viewer_of_request
    from zorgwijs.projects.reactions import moderation_queue

    return StartPanel(
        "organisations/start_platform.html",
        {
            "applications": OrganisationApplication.objects.filter(
                status=OrganisationApplication.Status.OPEN
            ).count(),
            "networks": Network.objects.count(),
            "moderation": moderation_queue(viewer=viewer_of_request(request)).count(),
        },
        order=ORDER_TASKS,
    )

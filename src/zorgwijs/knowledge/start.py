"""The knowledge panel of the start page: suggested edits waiting for an editor, and the
organisation's questions without an answer."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .access import request_viewer
from .models import MembershipStatus, Space, SpaceMembership, SpaceRole, SuggestionStatus

PANEL_MAX = 5


def knowledge_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("knowledge.view"):
        return None
    viewer = request_viewer(request)
    own = Q(owner_organisation=access.organisation)
    editing = SpaceMembership.objects.standing_for(viewer).filter(
        role=SpaceRole.EDITOR, status=MembershipStatus.ACTIVE
    )
    edits = Q(pk__in=editing.values("space_id"))
    if access.can("knowledge.edit"):
        edits |= own
    spaces = (
        Space.objects.visible_to(viewer)
        .filter(own | edits)
        .annotate(
            waiting=Count(
                "pages__suggestions",
                distinct=True,
                filter=Q(pages__suggestions__status=SuggestionStatus.OPEN) & edits,
            ),
            unanswered=Count("questions", distinct=True, filter=Q(questions__answer_count=0)),
        )
        .filter(Q(waiting__gt=0) | Q(unanswered__gt=0))
        .order_by("-waiting", "-unanswered", "name")[:PANEL_MAX]
    )
    rows = list(spaces.values("slug", "name", "waiting", "unanswered"))
    if not rows:
        return None
    return StartPanel("knowledge/start_panel.html", {"knowledge_rows": rows}, order=30)

"""The knowledge panel of the start page: suggested edits waiting for an editor, and the
organisation's questions without an answer."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .access import request_viewer
from .models import (
    MembershipStatus,
    Question,
    Space,
    SpaceMembership,
    SpaceRole,
    Suggestion,
    SuggestionStatus,
)

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
    # Counts per space as correlated subqueries on their own indexes: joining suggestions and
    # questions in one COUNT(DISTINCT) multiplies their rows, and the start page is opened
    # fifty times a day.
    open_suggestions = (
        Suggestion.objects.filter(page__space=OuterRef("pk"), status=SuggestionStatus.OPEN)
        .order_by()
        .values("page__space")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unanswered = (
        Question.objects.filter(space=OuterRef("pk"), answer_count=0)
        .order_by()
        .values("space")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    spaces = (
        Space.objects.visible_to(viewer)
        .filter(own | edits)
        .annotate(
            # Suggestions only count where this person may accept them.
            waiting=Case(
                When(edits, then=Coalesce(Subquery(open_suggestions), zero)),
                default=zero,
                output_field=IntegerField(),
            ),
            unanswered=Coalesce(Subquery(unanswered, output_field=IntegerField()), zero),
        )
        .filter(Q(waiting__gt=0) | Q(unanswered__gt=0))
        .order_by("-waiting", "-unanswered", "name")[:PANEL_MAX]
    )
    rows = list(spaces.values("slug", "name", "waiting", "unanswered"))
    if not rows:
        return None
    return StartPanel("knowledge/start_panel.html", {"knowledge_rows": rows}, order=30)

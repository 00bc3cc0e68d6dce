"""The knowledge panel of the start page: suggested edits waiting for an editor, validated
pages whose review date has passed (for their editors), and the organisation's questions
without an answer."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .access import request_viewer
from .models import (
    MembershipStatus,
    Page,
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
    today = timezone.localdate()
    overdue_pages = Page.objects.filter(validated_revision__isnull=False, review_due__lt=today)
    overdue = (
        overdue_pages.filter(space=OuterRef("pk"))
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
            # Pages past their review date only count for the people who may review them.
            overdue=Case(
                When(edits, then=Coalesce(Subquery(overdue), zero)),
                default=zero,
                output_field=IntegerField(),
            ),
        )
        .filter(Q(waiting__gt=0) | Q(unanswered__gt=0) | Q(overdue__gt=0))
        .order_by("-overdue", "-waiting", "-unanswered", "name")[:PANEL_MAX]
    )
    rows = list(spaces.values("pk", "slug", "name", "waiting", "unanswered", "overdue"))
    if not rows:
        return None
    late: list = []
    overdue_total = sum(row["overdue"] for row in rows)
    if overdue_total:
        # The longest overdue first: one query, whatever the number of spaces or pages.
        late = list(
            overdue_pages.filter(space_id__in=[row["pk"] for row in rows if row["overdue"]])
            .order_by("review_due", "pk")
            .values("pk", "title", "review_due", "space__slug", "space__name")[:PANEL_MAX]
        )
    return StartPanel(
        "knowledge/start_panel.html",
        {"knowledge_rows": rows, "overdue_pages": late, "overdue_total": overdue_total},
        order=30,
    )

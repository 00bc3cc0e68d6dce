"""The knowledge panel of the start page: suggested edits waiting for an editor, validated
pages whose review date has passed (for their editors), and the organisation's questions
without an answer."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.visibility import viewer_of_request

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
    viewer = viewer_of_request(request)
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
    # The counts come back for every candidate space (the organisation's own and those the
    # person edits: a few dozen at most) and are filtered and ordered here. Filtering and
    # ordering on them in SQL repeats each subquery in WHERE and ORDER BY, and compiling that
    # query three times over cost more than the rest of the start page together.
    candidates = (
        Space.objects.visible_to(viewer)
        .filter(own | edits)
        .annotate(
            may_edit=Case(
                When(edits, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            open_suggestions=Coalesce(Subquery(open_suggestions), zero),
            unanswered=Coalesce(Subquery(unanswered, output_field=IntegerField()), zero),
            overdue_pages=Coalesce(Subquery(overdue), zero),
        )
        .order_by()
        .values("pk", "slug", "name", "may_edit", "open_suggestions", "unanswered", "overdue_pages")
    )
    rows = []
    for space in candidates:
        # Suggestions and pages past their review date only count where this person may
        # accept or review them.
        waiting = space["open_suggestions"] if space["may_edit"] else 0
        overdue_here = space["overdue_pages"] if space["may_edit"] else 0
        if waiting or space["unanswered"] or overdue_here:
            rows.append(
                {
                    "pk": space["pk"],
                    "slug": space["slug"],
                    "name": space["name"],
                    "waiting": waiting,
                    "unanswered": space["unanswered"],
                    "overdue": overdue_here,
                }
            )
    rows.sort(key=lambda r: (-r["overdue"], -r["waiting"], -r["unanswered"], r["name"]))
    rows = rows[:PANEL_MAX]
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

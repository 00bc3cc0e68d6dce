"""The network's editorial space: published contributions (and their Atom feeds), writing,
the editorial board's workflow and its calendar."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission

from ..access import NetworkAccess, get_network_for_person, get_network_for_viewer
from ..forms import (
    ContributionForm,
    MonthlyThemeForm,
    ReactionForm,
    ReviewForm,
    ScheduleForm,
)
from ..models import Contribution, ContributionReaction, ContributionStatus, MonthlyTheme
from ..services.contributions import (
    contribution_review,
    contribution_save,
    contribution_schedule,
    contribution_submit,
    reader_reaction_moderate,
    reader_reaction_post,
    theme_save,
)


def published(access: NetworkAccess) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(
            network=access.network,
            status=ContributionStatus.SCHEDULED,
            publish_at__lte=timezone.now(),
        )
        .select_related("network", "theme", "author")
        .order_by("-publish_at")
    )


def _get_contribution(access: NetworkAccess, contribution_id: int) -> Contribution:
    """A published piece for whoever sees the network; an unpublished one for its author and
    the editorial board only."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("network", "theme", "author"),
        network=access.network,
        pk=contribution_id,
    )
    if contribution.is_published:
        return contribution
    if access.is_editor or (
        access.user_id is not None and contribution.author_id == access.user_id
    ):
        return contribution
    raise Http404


@public_view
def contribution_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    mine: list[Contribution] = []
    if access.user_id is not None and access.is_network_person:
        mine = list(
            Contribution.objects.filter(network=access.network, author=access.user_id)
            .exclude(Q(status=ContributionStatus.SCHEDULED) & Q(publish_at__lte=timezone.now()))
            .select_related("network")
        )
    return render(
        request,
        "networks/contributions.html",
        {
            "access": access,
            "network": access.network,
            "contributions": list(published(access)[:50]),
            "themes": list(MonthlyTheme.objects.filter(network=access.network)[:12]),
            "mine": mine,
        },
    )


def _detail_context(request: HttpRequest, access: NetworkAccess, contribution: Contribution):
    is_author = access.user_id is not None and contribution.author_id == access.user_id
    may_review = access.is_editor and not is_author
    reactions = contribution.reactions.select_related("author")
    if not access.is_editor:
        reactions = reactions.filter(status="approved")
    else:
        reactions = reactions.exclude(status="rejected")
    may_react = contribution.is_published and (
        access.profile.anonymous_reactions
        or (request.user.is_authenticated and access.is_network_person)
    )
    return {
        "access": access,
        "network": access.network,
        "contribution": contribution,
        "is_author": is_author,
        "editable": is_author and contribution.status in ("draft", "changes_requested"),
        "reviews": list(contribution.reviews.select_related("reviewer"))
        if is_author or access.is_editor
        else [],
        "review_form": ReviewForm(prefix="review") if may_review else None,
        "schedule_form": ScheduleForm(prefix="schedule")
        if access.is_editor and contribution.status in ("approved", "scheduled")
        else None,
        "reactions": list(reactions),
        "reaction_form": ReactionForm(prefix="reactie") if may_react else None,
    }


@public_view
def contribution_detail(
    request: HttpRequest, network_slug: str, contribution_id: int
) -> HttpResponse:
    """The piece; readers react here (signed in, or anonymously where the network allows)."""
    access = get_network_for_viewer(request, network_slug)
    contribution = _get_contribution(access, contribution_id)
    context = _detail_context(request, access, contribution)
    if request.method == "POST" and context["reaction_form"] is not None:
        form = ReactionForm(request.POST, prefix="reactie")
        user = request.user if isinstance(request.user, User) else None
        if save_form(
            request,
            form,
            lambda data: reader_reaction_post(
                actor=user,
                access=access,
                contribution=contribution,
                text=data["text"],
                context=audit_context(request),
            ),
        ):
            messages.success(
                request, _("Dank je! Je reactie staat er zodra de redactie haar heeft bekeken.")
            )
            return redirect(contribution.get_absolute_url())
        context["reaction_form"] = form
        return form_page(request, "networks/contribution.html", form, **context)
    if request.method == "POST":
        return redirect(contribution.get_absolute_url())
    return render(request, "networks/contribution.html", context)


@login_view
@require_POST
def contribution_reaction_review(
    request: AuthenticatedRequest, network_slug: str, contribution_reaction_id: int
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    if not access.is_editor:
        raise Http404
    reaction = get_object_or_404(
        ContributionReaction.objects.select_related("contribution__network"),
        contribution__network=access.network,
        pk=contribution_reaction_id,
    )
    reader_reaction_moderate(
        actor=request.user,
        access=access,
        reaction=reaction,
        approve=request.POST.get("besluit") == "goedkeuren",
        context=audit_context(request),
    )
    messages.success(request, _("De reactie is beoordeeld."))
    return redirect(reaction.contribution.get_absolute_url())


@login_view
@once_per_submission
def contribution_edit(
    request: AuthenticatedRequest, network_slug: str, contribution_id: int | None = None
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    contribution = _get_contribution(access, contribution_id) if contribution_id else None
    if contribution is not None and contribution.author_id != request.user.pk:
        raise Http404  # the editorial board comments; only the author rewrites
    initial = (
        {
            "kind": contribution.kind,
            "title": contribution.title,
            "theme": contribution.theme_id,
            "body": contribution.body,
        }
        if contribution
        else {}
    )
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        network=access.network,
    )
    saved = save_form(
        request,
        form,
        lambda data: contribution_save(
            actor=request.user,
            access=access,
            data=data,
            contribution=contribution,
            context=audit_context(request),
        ),
    )
    if saved:
        messages.success(request, _("Je bijdrage is bewaard als concept."))
        return redirect(saved.get_absolute_url())
    return form_page(
        request,
        "networks/contribution_form.html",
        form,
        contribution=contribution,
        network=access.network,
    )


@login_view
@require_POST
def contribution_step(
    request: AuthenticatedRequest, network_slug: str, contribution_id: int
) -> HttpResponse:
    """Submit (author), review (editorial board, never the author) or schedule."""
    access = get_network_for_person(request, network_slug)
    contribution = _get_contribution(access, contribution_id)
    step = request.POST.get("stap", "")
    context = _detail_context(request, access, contribution)
    context.update({"editable": False, "review_form": None, "schedule_form": None})
    if step == "indienen":
        try:
            contribution_submit(
                actor=request.user, contribution=contribution, context=audit_context(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ingediend. De redactie krijgt bericht."))
        return redirect(contribution.get_absolute_url())
    if step == "beoordelen":
        form = ReviewForm(request.POST, prefix="review")
        if save_form(
            request,
            form,
            lambda data: contribution_review(
                actor=request.user,
                access=access,
                contribution=contribution,
                decision=data["decision"],
                comment=data["comment"],
                context=audit_context(request),
            ),
        ):
            messages.success(request, _("Je beoordeling is opgeslagen; de auteur krijgt bericht."))
            return redirect(contribution.get_absolute_url())
        context["review_form"] = form
        return form_page(request, "networks/contribution.html", form, **context)
    if step == "inplannen":
        schedule = ScheduleForm(request.POST, prefix="schedule")
        if save_form(
            request,
            schedule,
            lambda data: contribution_schedule(
                actor=request.user,
                access=access,
                contribution=contribution,
                publish_at=data["publish_at"],
                context=audit_context(request),
            ),
        ):
            messages.success(request, _("De bijdrage is ingepland."))
            return redirect(contribution.get_absolute_url())
        context["schedule_form"] = schedule
        return form_page(request, "networks/contribution.html", schedule, **context)
    raise Http404


def _months(start: datetime.date, count: int) -> list[datetime.date]:
    months, year, month = [], start.year, start.month
    for _index in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@login_view
@once_per_submission
def editorial_calendar(request: AuthenticatedRequest, network_slug: str) -> HttpResponse:
    """For the editorial board: months × themes × planned pieces, and a new monthly theme."""
    access = get_network_for_person(request, network_slug)
    if not access.is_editor:
        raise Http404
    form = MonthlyThemeForm(request.POST if request.method == "POST" else None)
    if save_form(
        request,
        form,
        lambda data: theme_save(
            actor=request.user, network=access.network, data=data, context=audit_context(request)
        ),
    ):
        messages.success(request, _("Het thema van de maand is opgeslagen."))
        return redirect("networks:editorial", network_slug=network_slug)
    today = timezone.localdate()
    months = _months(datetime.date(today.year, today.month, 1) - datetime.timedelta(days=62), 6)
    months = [m.replace(day=1) for m in months]
    themes = {t.month: t for t in MonthlyTheme.objects.filter(network=access.network)}
    pieces = Contribution.objects.filter(network=access.network).select_related(
        "author", "theme", "network"
    )
    rows = []
    for month in months:
        in_month = [
            p
            for p in pieces
            if (p.theme and p.theme.month == month)
            or (
                p.theme is None
                and p.publish_at
                and timezone.localtime(p.publish_at).date().replace(day=1) == month
            )
        ]
        rows.append({"month": month, "theme": themes.get(month), "pieces": in_month})
    unplanned = [p for p in pieces if p.theme is None and p.publish_at is None]
    return form_page(
        request,
        "networks/editorial.html",
        form,
        access=access,
        network=access.network,
        rows=rows,
        unplanned=unplanned,
    )


@login_view
@once_per_submission
def theme_edit(request: AuthenticatedRequest, network_slug: str, theme_id: int) -> HttpResponse:
    """The editorial board changes a monthly theme (who may add one may change it), with the
    same checks as adding it: one theme per month."""
    access = get_network_for_person(request, network_slug)
    if not access.is_editor:
        raise Http404
    theme = get_object_or_404(MonthlyTheme, network=access.network, pk=theme_id)
    form = MonthlyThemeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "month": theme.month,
            "title": theme.title,
            "quote": theme.quote,
            "quote_source": theme.quote_source,
        },
    )
    if save_form(
        request,
        form,
        lambda data: theme_save(
            actor=request.user,
            network=access.network,
            data=data,
            theme=theme,
            context=audit_context(request),
        ),
    ):
        messages.success(request, _("Het thema van de maand is opgeslagen."))
        return redirect("networks:theme", network_slug=network_slug, theme_id=theme.pk)
    return form_page(
        request,
        "networks/theme_form.html",
        form,
        access=access,
        network=access.network,
        theme=theme,
    )


def _atom(request: HttpRequest, access: NetworkAccess, pieces, title: str) -> HttpResponse:
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(f"/netwerken/{access.network.slug}/bijdragen/"),
        description=title,
        language="nl",
    )
    for piece in pieces:
        feed.add_item(
            title=piece.title,
            link=request.build_absolute_uri(piece.get_absolute_url()),
            description=piece.body[:600],
            pubdate=piece.publish_at,
            unique_id=request.build_absolute_uri(piece.get_absolute_url()),
            author_name=piece.author.full_name if piece.author else None,
            categories=[piece.get_kind_display()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@public_view
def contributions_feed(request: HttpRequest, network_slug: str) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    return _atom(request, access, published(access)[:50], access.network.name)


@public_view
def theme_detail(request: HttpRequest, network_slug: str, theme_id: int) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    theme = get_object_or_404(MonthlyTheme, network=access.network, pk=theme_id)
    pieces = list(published(access).filter(theme=theme))
    if request.path.endswith(".xml"):
        return _atom(request, access, pieces, f"{access.network.name}: {theme.title}")
    return render(
        request,
        "networks/theme.html",
        {"access": access, "network": access.network, "theme": theme, "contributions": pieces},
    )

"""Posters of an event: the list with submitting, one poster with the jury's scoring and the
public vote, the file, and the organisers' award and jury."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.uploads import stored_file_response

from ..access import (
    NetworkAccess,
    get_event_for_organiser,
    get_event_for_viewer,
    get_network_for_person,
    get_network_for_viewer,
)
from ..forms import AwardForm, JuryForm, PosterForm, ScoreForm
from ..models import Event, Poster
from ..selectors import get_poster, own_scores, posters_of
from ..services.posters import jury_add, poster_award, poster_score, poster_submit, poster_vote


def _posters_url(network_slug: str, event_id: int) -> str:
    return reverse("networks:posters", kwargs={"network_slug": network_slug, "event_id": event_id})


@public_view
def poster_list(request: HttpRequest, network_slug: str, event_id: int) -> HttpResponse:
    """The posters; people of the network submit one here, organisers add jury members."""
    access = get_network_for_viewer(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    organiser = access.organises(event)
    user = request.user
    posting = request.method == "POST" and "poster" in request.POST
    form = (
        PosterForm(
            request.POST if posting else None,
            request.FILES if posting else None,
            network=access.network,
            prefix="poster",
        )
        if access.is_network_person and isinstance(user, User) and event.criteria
        else None
    )
    jury_form = JuryForm(
        request.POST if request.method == "POST" and "jury" in request.POST else None,
        prefix="jury",
    )
    if form is not None and isinstance(user, User):
        poster = save_form(
            request,
            form,
            lambda data: poster_submit(
                actor=user, event=event, data=data, context=audit_context(request)
            ),
        )
        if poster:
            messages.success(request, _("Je poster is ingediend."))
            return redirect(_posters_url(network_slug, event.pk))
    if organiser and isinstance(user, User):
        added = save_form(
            request,
            jury_form,
            lambda data: jury_add(
                actor=user, event=event, user=data["email"], context=audit_context(request)
            ),
        )
        if added:
            messages.success(request, _("Het jurylid is toegevoegd."))
            return redirect(_posters_url(network_slug, event.pk))
    elif request.method == "POST" and form is None:
        return redirect(_posters_url(network_slug, event.pk))
    context = {
        "access": access,
        "network": access.network,
        "event": event,
        "posters": posters_of(event),
        "organiser": organiser,
        "jury": list(event.jury.all()) if organiser else [],
        "jury_form": jury_form,
    }
    bound = jury_form if jury_form.is_bound else form
    if bound is None:
        return form_page(request, "networks/posters.html", jury_form, poster_form=None, **context)
    return form_page(request, "networks/posters.html", bound, poster_form=form, **context)


def _is_juror(event: Event, user: User) -> bool:
    return event.jury.filter(pk=user.pk).exists()


def _poster_page(
    request: HttpRequest,
    access: NetworkAccess,
    event: Event,
    poster: Poster,
    *,
    score_form: ScoreForm | None = None,
    award_form: AwardForm | None = None,
) -> HttpResponse:
    """The poster's page with the juror's scores and the organisers' award; 400 when the
    submitted one of the two was refused (its messages stand at its fields)."""
    user = request.user
    is_juror = isinstance(user, User) and _is_juror(event, user)
    if score_form is None and is_juror and isinstance(user, User):
        score_form = ScoreForm(criteria=event.criteria, initial_scores=own_scores(poster, user.pk))
    award_form = award_form or AwardForm()
    bound = score_form if score_form is not None and score_form.is_bound else award_form
    return form_page(
        request,
        "networks/poster.html",
        bound,
        access=access,
        network=access.network,
        event=event,
        poster=poster,
        is_juror=is_juror,
        organiser=access.organises(event),
        score_form=score_form,
        award_form=award_form,
    )


@public_view
def poster_detail(
    request: HttpRequest, network_slug: str, event_id: int, poster_id: int
) -> HttpResponse:
    access = get_network_for_viewer(request, network_slug)
    event = get_event_for_viewer(access, event_id)
    poster = get_poster(event, poster_id)
    user = request.user
    if request.method != "POST":
        return _poster_page(request, access, event, poster)
    if not isinstance(user, User) or not _is_juror(event, user):
        return redirect(request.path)
    form = ScoreForm(request.POST, criteria=event.criteria)
    if save_form(
        request,
        form,
        lambda data: poster_score(
            actor=user, poster=poster, scores=form.scores(), context=audit_context(request)
        ),
    ):
        messages.success(request, _("Je beoordeling is opgeslagen."))
        return redirect(request.path)
    return _poster_page(request, access, event, poster, score_form=form)


@public_view
def poster_file(
    request: HttpRequest, network_slug: str, event_id: int, poster_id: int
) -> FileResponse:
    access = get_network_for_viewer(request, network_slug)
    poster = get_poster(get_event_for_viewer(access, event_id), poster_id)
    response = stored_file_response(poster.file, filename=poster.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_view
@require_POST
def vote(
    request: AuthenticatedRequest, network_slug: str, event_id: int, poster_id: int
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    poster = get_poster(get_event_for_viewer(access, event_id), poster_id)
    try:
        poster_vote(actor=request.user, poster=poster, context=audit_context(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dank je voor je stem."))
    return redirect(
        "networks:poster", network_slug=network_slug, event_id=event_id, poster_id=poster.pk
    )


@login_view
@require_POST
def award(
    request: AuthenticatedRequest, network_slug: str, event_id: int, poster_id: int
) -> HttpResponse:
    access = get_network_for_person(request, network_slug)
    event = get_event_for_organiser(access, event_id)
    poster = get_poster(event, poster_id)
    form = AwardForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: poster_award(
            actor=request.user, poster=poster, award=data["award"], context=audit_context(request)
        ),
    ):
        messages.success(request, _("De prijs is toegekend."))
        return redirect(
            "networks:poster", network_slug=network_slug, event_id=event_id, poster_id=poster.pk
        )
    # Refused (no name): the poster's page again, with the message at the field.
    return _poster_page(request, access, event, poster, award_form=form)

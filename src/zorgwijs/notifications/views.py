"""My notifications (/meldingen/), reading them, following and the e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import form_page
from zorgwijs.lib.http import AuthenticatedRequest

from .forms import PreferencesForm
from .models import NotificationPreference
from .selectors import follows_of, notification_row, notifications_of, unread_count
from .services import follow_set, notifications_mark_read, preferences_save
from .targets import find_readable, title_of, url_of

PER_PAGE = 50


@login_view
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": [notification_row(n) for n in page.object_list],
            "unread": unread_count(request.user),
        },
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(fallback)


@login_view
@require_POST
def mark_read(request: AuthenticatedRequest) -> HttpResponse:
    """Mark one notification (``id``) or, with ``all``, every notification read."""
    if request.POST.get("all"):
        notifications_mark_read(user=request.user)
        messages.success(request, _("Alle meldingen zijn gelezen."))
    else:
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
        notifications_mark_read(user=request.user, ids=ids)
    return _back(request, "notifications:list")


@login_view
@require_POST
def follow(request: AuthenticatedRequest) -> HttpResponse:
    """Follow or unfollow a space, page, question or incident the person may read."""
    object_id = request.POST.get("id", "")
    target = find_readable(
        request.user, request.POST.get("target", ""), int(object_id) if object_id.isdigit() else 0
    )
    if target is None:
        raise Http404
    following = request.POST.get("follow") == "1"
    follow_set(user=request.user, target=target, following=following)
    if request.htmx:
        return render(
            request,
            "notifications/_follow_button.html",
            {
                "show": True,
                "following": following,
                "kind": request.POST["target"],
                "object_id": target.pk,
                "next": request.POST.get("next", ""),
            },
        )
    if following:
        messages.success(request, _("Je volgt nu %(title)s.") % {"title": title_of(target)})
    else:
        messages.success(request, _("Je volgt %(title)s niet meer.") % {"title": title_of(target)})
    return _back(request, url_of(target))


@login_view
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("category", "delivery")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_save(
            user=request.user, choices=form.cleaned_data, context=audit_context(request)
        )
        messages.success(request, _("Je voorkeuren zijn opgeslagen."))
        return redirect("notifications:preferences")
    rows = [
        {
            "id": f.target.pk,
            "title": title_of(f.target),
            "url": url_of(f.target),
            "kind": f.target_kind,
        }
        for f in follows_of(request.user)
    ]
    return form_page(request, "notifications/preferences.html", form, follows=rows)

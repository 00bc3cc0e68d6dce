"""The search page (anyone) and the glossary screens (platform admins)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.audit.services import record
from zorgwijs.core.access import platform_admin_view, public_view
from zorgwijs.lib.forms import ModelForm
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.people import person_key

from .models import GlossaryEntry
from .query import MAX_QUERY_CHARS
from .registry import kind_label
from .selectors import FACETS
from .spelling import search_forgiving
from .viewer import viewer_of_request

FACET_LABELS = {
    "type": gettext_lazy("Soort"),
    "theme": gettext_lazy("Thema"),
    "region": gettext_lazy("Regio"),
    "sector": gettext_lazy("Sector"),
    "status": gettext_lazy("Status"),
}


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else 1


def _toggle_url(q: str, filters: dict[str, list[str]], name: str, value: str) -> str:
    chosen = {k: list(v) for k, v in filters.items()}
    values = chosen.setdefault(name, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    pairs = [("q", q)] + [(k, v) for k, vs in chosen.items() for v in vs]
    return "?" + urlencode(pairs)


@public_view
def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    filters = {name: request.GET.getlist(name)[:20] for name in FACETS if request.GET.get(name)}
    page = _page_number(request.GET.get("pagina"))
    result, corrected_query = search_forgiving(
        viewer=viewer_of_request(request),
        text=q,
        filters=filters,
        page=page,
        asker=person_key(request),
    )
    facets = [
        (
            name,
            FACET_LABELS[name],
            [
                {
                    "label": kind_label(v.label) if name == "type" else v.label,
                    "count": v.count,
                    "approximate": v.approximate,
                    "selected": v.selected,
                    "url": _toggle_url(q, filters, name, v.value),
                }
                for v in values[:12]
            ],
        )
        for name, values in result.facets.items()
        if values
    ]
    base = [("q", q)] + [(k, v) for k, vs in filters.items() for v in vs]
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "result": result,
            "corrected_query": corrected_query,
            "facets": facets,
            "has_filters": bool(filters),
            "page_base": urlencode(base),
        },
    )


class GlossaryForm(ModelForm):
    class Meta:
        model = GlossaryEntry
        fields = ["term", "variants", "note"]
        widgets = {
            "term": forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
            "variants": forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
            "note": forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
        }

    def clean_variants(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["variants"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Geef minstens één synoniem of voluit geschreven vorm."))
        return "\n".join(lines)


@platform_admin_view
def glossary(request: AuthenticatedRequest) -> HttpResponse:
    form = GlossaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        record(
            "search.glossary.created",
            kind="change",
            actor=request.user,
            obj=entry,
            request=request,
            data={"term": entry.term},
        )
        messages.success(request, _("Toegevoegd aan de woordenlijst."))
        return redirect("glossary:list")
    return render(
        request,
        "search/glossary.html",
        {
            "form": form,
            "entries": GlossaryEntry.objects.all(),
        },
    )


@platform_admin_view
def glossary_edit(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(GlossaryEntry, pk=entry_id)
    if request.method == "POST" and "verwijderen" in request.POST:
        record(
            "search.glossary.deleted",
            kind="change",
            actor=request.user,
            obj=entry,
            request=request,
            data={"term": entry.term},
        )
        entry.delete()
        messages.success(request, _("Verwijderd uit de woordenlijst."))
        return redirect("glossary:list")
    form = GlossaryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(
            "search.glossary.updated",
            kind="change",
            actor=request.user,
            obj=entry,
            request=request,
            data={"term": entry.term},
        )
        messages.success(request, _("De woordenlijst is bijgewerkt."))
        return redirect("glossary:list")
    return render(request, "search/glossary_edit.html", {"form": form, "entry": entry})

"""“Mijn herinneringen”: which reminders a person got, and when they want them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import UtrechtFormMixin
from zorgwijs.lib.http import OrgRequest

from ..models import ReminderSent, ReminderSettings
from ..reminders import MAX_OFFSET, organisation_offsets, preference_for
from ..services.reminders import reminder_preference_save, reminder_settings_save

MAX_OFFSETS = 6
HISTORY_LENGTH = 50
WEEKDAYS = [
    (0, gettext_lazy("maandag")),
    (1, gettext_lazy("dinsdag")),
    (2, gettext_lazy("woensdag")),
    (3, gettext_lazy("donderdag")),
    (4, gettext_lazy("vrijdag")),
    (5, gettext_lazy("zaterdag")),
    (6, gettext_lazy("zondag")),
]


def parse_offsets(text: str) -> list[int]:
    """ "90, 30, 7" → [90, 30, 7]; raises ``forms.ValidationError`` with a Dutch message."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if not all(p.isdigit() for p in parts):
        raise forms.ValidationError(_("Gebruik alleen hele getallen, gescheiden door komma's."))
    offsets = sorted({int(p) for p in parts}, reverse=True)
    if any(o < 1 or o > MAX_OFFSET for o in offsets):
        raise forms.ValidationError(_("Kies dagen tussen 1 en %(max)s.") % {"max": MAX_OFFSET})
    if len(offsets) > MAX_OFFSETS:
        raise forms.ValidationError(_("Kies hooguit %(max)s momenten.") % {"max": MAX_OFFSETS})
    return offsets


class OffsetsField(forms.CharField):
    def clean(self, value):
        return parse_offsets(super().clean(value) or "")


class PreferenceForm(UtrechtFormMixin, forms.Form):
    reminders_enabled = forms.BooleanField(
        label=gettext_lazy("Stuur mij herinneringen"), required=False
    )
    offsets = OffsetsField(
        label=gettext_lazy("Herinner mij zoveel dagen voor het verlopen"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("Bijvoorbeeld 90, 30, 7. Leeg: de standaard van de organisatie."),
    )
    digest_enabled = forms.BooleanField(
        label=gettext_lazy("Stuur mij als leidinggevende het weekoverzicht van mijn afdelingen"),
        required=False,
    )

    def __init__(self, *args, manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not manager:
            del self.fields["digest_enabled"]
        self._style_widgets()


class OrganisationReminderForm(UtrechtFormMixin, forms.Form):
    org_offsets = OffsetsField(
        label=gettext_lazy("Standaard: dagen voor het verlopen"),
        max_length=60,
        help_text=gettext_lazy("Bijvoorbeeld 90, 30, 7."),
    )
    digest_weekday = forms.TypedChoiceField(
        label=gettext_lazy("Weekoverzicht op"), choices=WEEKDAYS, coerce=int
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_org_offsets(self):
        offsets = self.cleaned_data["org_offsets"]
        if not offsets:
            raise forms.ValidationError(_("Vul minstens één moment in."))
        return offsets


@org_view("competences.view_own")
def reminder_settings(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    membership = access.membership
    preference = preference_for(membership)
    gets_digest = access.can("competences.digest")
    may_manage = access.can("competences.manage")
    organisation_settings = ReminderSettings.objects.filter(
        organisation=access.organisation
    ).first() or ReminderSettings(organisation=access.organisation)
    default_offsets = organisation_offsets(access.organisation)
    posted = request.method == "POST"
    which = request.POST.get("form") if posted else None
    form = PreferenceForm(
        request.POST if which == "own" else None,
        manager=gets_digest,
        initial={
            "reminders_enabled": preference.reminders_enabled,
            "offsets": ", ".join(map(str, preference.offsets)),
            "digest_enabled": preference.digest_enabled,
        },
    )
    org_form = (
        OrganisationReminderForm(
            request.POST if which == "organisation" else None,
            initial={
                "org_offsets": ", ".join(map(str, default_offsets)),
                "digest_weekday": organisation_settings.digest_weekday,
            },
        )
        if may_manage
        else None
    )
    if which == "own" and form.is_valid():
        reminder_preference_save(
            preference,
            offsets=form.cleaned_data["offsets"],
            reminders_enabled=form.cleaned_data["reminders_enabled"],
            digest_enabled=form.cleaned_data["digest_enabled"] if gets_digest else None,
            context=audit_context(request),
        )
        messages.success(request, _("Je voorkeuren zijn opgeslagen."))
        return redirect("competences:reminder_settings", org_slug=org_slug)
    if which == "organisation" and org_form is not None and org_form.is_valid():
        reminder_settings_save(
            organisation_settings,
            offsets=org_form.cleaned_data["org_offsets"],
            digest_weekday=org_form.cleaned_data["digest_weekday"],
            context=audit_context(request),
        )
        messages.success(request, _("De standaard van de organisatie is opgeslagen."))
        return redirect("competences:reminder_settings", org_slug=org_slug)
    sent = (
        ReminderSent.objects.filter(membership=membership)
        .select_related("item")
        .order_by("-claimed_at")[:HISTORY_LENGTH]
    )
    invalid = posted and (
        which not in ("own", "organisation")
        or form.errors
        or (org_form is not None and org_form.errors)
    )
    return render(
        request,
        "competences/reminders/settings.html",
        {
            "form": form,
            "org_form": org_form,
            "sent": sent,
            "default_offsets": default_offsets,
            "preference": preference,
        },
        status=400 if invalid else 200,
    )

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.concurrency import VersionField
from zorgwijs.lib.forms import (
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    choice_field_of,
    model_choice_field_of,
)
from zorgwijs.organisations.models import Visibility

from .models import SpaceKind
from .models.pages import TITLE_MAX

_TEXTAREA = {"class": "utrecht-textarea zw-editor", "rows": 18}
_INPUT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(_INPUT))
    kind = forms.ChoiceField(label=_("Soort"), choices=SpaceKind.choices)
    visibility = forms.ChoiceField(label=_("Zichtbaar voor"), choices=Visibility.choices)
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 3}),
    )
    network = ModelChoiceField(
        label=_("Delen met netwerk"),
        queryset=None,
        required=False,
        help_text=_("Bij zichtbaarheid netwerk: de organisaties van dit netwerk lezen mee."),
    )
    competence_items = ModelMultipleChoiceField(
        label=_("Gekoppelde bekwaamheden"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items=None, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "competence_items").queryset = items
        model_choice_field_of(self, "network").queryset = networks

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        network, visibility = data.get("network"), data.get("visibility")
        if visibility == Visibility.NETWORK and network is None:
            self.add_error("network", _("Kies het netwerk waarmee je de ruimte deelt."))
        elif network is not None and visibility != Visibility.NETWORK:
            data["network"] = None  # only a network space is shared with a network
        return data


class PageForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX, widget=forms.TextInput(_INPUT))
    body = forms.CharField(
        label=_("Tekst (Markdown)"), required=False, widget=forms.Textarea(_TEXTAREA)
    )
    note = forms.CharField(
        label=_("Wat heb je veranderd?"),
        required=False,
        max_length=300,
        widget=forms.TextInput(_INPUT),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage (PDF, PNG of JPG, maximaal 20 MB)"))


class ValidateForm(forms.Form):
    review_due = DateField(
        label=_("Opnieuw controleren vóór"),
        required=False,
        widget=forms.DateInput({"type": "date", **_INPUT}),
    )


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Je vraag"),
        max_length=200,
        widget=forms.TextInput({**_INPUT, "autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 5}),
    )
    page = forms.TypedChoiceField(
        label=_("Over pagina"), required=False, coerce=int, empty_value=None
    )
    item = ModelChoiceField(label=_("Over apparaat of handeling"), queryset=None, required=False)

    def __init__(self, *args, pages=(), items=None, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field_of(self, "page").choices = [("", "—"), *[(p.id, p.title) for p in pages]]
        model_choice_field_of(self, "item").queryset = items
        if not items:
            del self.fields["item"]  # a space without linked items: nothing to choose


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Je antwoord"),
        max_length=20_000,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 6}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Opmerking"), max_length=1000, widget=forms.TextInput(_INPUT))


class PostEditForm(forms.Form):
    """Edit a question (title and text), an answer or a comment (text)."""

    title = forms.CharField(label=_("Je vraag"), max_length=200, widget=forms.TextInput(_INPUT))
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea({"class": "utrecht-textarea"}))
    # The post as the editor loaded it (lib.concurrency).
    version = VersionField()

    LIMITS = {"question": 10_000, "answer": 20_000, "comment": 1000}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)
        body.max_length = self.LIMITS[kind]
        body.validators.append(MaxLengthValidator(self.LIMITS[kind]))
        if kind == "question":
            body.label, body.required = _("Toelichting"), False
            body.widget.attrs["rows"] = 6
        else:
            del self.fields["title"]
            body.label = _("Je antwoord") if kind == "answer" else _("Opmerking")
            body.widget.attrs["rows"] = 8 if kind == "answer" else 3


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (zien de redacteuren en staat in het logboek)"),
        max_length=300,
        widget=forms.TextInput(_INPUT),
    )


class SpaceSettingsForm(forms.Form):
    """What an editor may change about a space; the choices come from ``settings_choices``."""

    name = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(_INPUT))
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 3}),
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=SpaceKind.choices, widget=forms.Select(_SELECT)
    )
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"),
        choices=Visibility.choices,
        widget=forms.Select(_SELECT),
        help_text=_(
            "Wie niet meer mag lezen, ziet de ruimte direct niet meer en krijgt er ook geen "
            "meldingen meer over."
        ),
    )
    network = ModelChoiceField(
        label=_("Delen met netwerk"),
        queryset=None,
        required=False,
        widget=forms.Select(_SELECT),
        help_text=_("Bij zichtbaarheid netwerk: de organisaties van dit netwerk lezen mee."),
    )
    partner_organisations = ModelMultipleChoiceField(
        label=_("Samenwerkende organisaties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bij zichtbaarheid netwerk: een eigen groep organisaties die meelezen."),
    )
    member_organisations = ModelMultipleChoiceField(
        label=_("Leden: organisaties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bij een openbare ruimte: medewerkers van deze organisaties doen mee."),
    )
    member_departments = ModelMultipleChoiceField(
        label=_("Leden: afdelingen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bij een openbare ruimte: medewerkers van deze afdelingen doen mee."),
    )
    competence_items = ModelMultipleChoiceField(
        label=_("Gekoppelde bekwaamheden"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Het bekwaamheidspaspoort linkt bij deze onderdelen naar de ruimte."),
    )
    open_to_requests = forms.BooleanField(
        label=_("Lidmaatschap aanvragen mogelijk"), required=False
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for field, queryset in choices.items():
            model_choice_field_of(self, field).queryset = queryset


class PageMoveForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Valt onder"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(_SELECT),
    )

    def __init__(self, *args, pages=(), **kwargs):
        super().__init__(*args, **kwargs)
        top = [("", _("— bovenaan in de ruimte —"))]
        choice_field_of(self, "parent").choices = top + [
            (p.id, "\u2003" * p.depth + p.title) for p in pages
        ]

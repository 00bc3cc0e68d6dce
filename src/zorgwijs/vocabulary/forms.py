from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import ModelChoiceField, ModelMultipleChoiceField
from zorgwijs.organisations.models import Network

from .models import Concept, LabelKind
from .services import ConceptData

MAX_DEFINITION = 5_000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _textarea(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_DEFINITION,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
    )


class ConceptForm(forms.Form):
    network = ModelChoiceField(
        label=_("Begrippenkader van"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("het platform"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    pref_nl = forms.CharField(
        label=_("Voorkeursterm (Nederlands)"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    pref_en = forms.CharField(
        label=_("Voorkeursterm (Engels)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    alt_nl = _textarea(_("Synoniemen (Nederlands)"), _("Eén per regel; ook afkortingen."))
    alt_en = _textarea(_("Synoniemen (Engels)"), _("Eén per regel."))
    hidden_nl = _textarea(
        _("Verborgen termen"),
        _("Eén per regel: schrijffouten en oude termen. Zoeken vindt ze; niemand ziet ze."),
    )
    definition_nl = _textarea(_("Definitie (Nederlands)"))
    definition_en = _textarea(_("Definitie (Engels)"))
    source = forms.CharField(
        label=_("Bron"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    broader = ModelMultipleChoiceField(
        label=_("Breder begrip"),
        queryset=Concept.objects.none(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 6, "class": "utrecht-select utrecht-select--html-select"}
        ),
    )
    related = ModelMultipleChoiceField(
        label=_("Verwante begrippen"),
        queryset=Concept.objects.none(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 6, "class": "utrecht-select utrecht-select--html-select"}
        ),
    )

    def __init__(
        self, *args, networks=None, concept: Concept | None = None, platform: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.concept = concept
        if concept is not None:
            del self.fields["network"]
            same = (
                Q(network__isnull=True)
                if concept.network_id is None
                else Q(network_id=concept.network_id)
            )
            scope = Concept.objects.filter(same).exclude(pk=concept.pk)
            labels: dict[str, dict[str, list[str]]] = {}
            for label in concept.labels.all():
                labels.setdefault(label.kind, {}).setdefault(label.language, []).append(label.text)
            self.initial.update(
                pref_nl=concept.pref_nl,
                pref_en=concept.pref_en,
                alt_nl="\n".join(labels.get(LabelKind.ALTERNATIVE, {}).get("nl", [])),
                alt_en="\n".join(labels.get(LabelKind.ALTERNATIVE, {}).get("en", [])),
                hidden_nl="\n".join(
                    labels.get(LabelKind.HIDDEN, {}).get("nl", [])
                    + labels.get(LabelKind.HIDDEN, {}).get("en", [])
                ),
                definition_nl=concept.definition_nl,
                definition_en=concept.definition_en,
                source=concept.source,
                broader=list(concept.broader.values_list("pk", flat=True)),
                related=list(concept.related.values_list("pk", flat=True)),
            )
        else:
            network_field = self.fields["network"]
            assert isinstance(network_field, forms.ModelChoiceField)
            network_field.queryset = networks if networks is not None else Network.objects.none()
            network_field.required = not platform
            scope = Concept.objects.all()
        for name in ("broader", "related"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = scope.order_by("pref_nl")

    def concept_data(self) -> ConceptData:
        data = self.cleaned_data
        return ConceptData(
            pref={"nl": data["pref_nl"], "en": data.get("pref_en", "")},
            alt={"nl": _lines(data["alt_nl"]), "en": _lines(data["alt_en"])},
            hidden={"nl": _lines(data["hidden_nl"])},
            definition_nl=data["definition_nl"].strip(),
            definition_en=data["definition_en"].strip(),
            source=data["source"].strip(),
            broader=list(data["broader"]),
            related=list(data["related"]),
        )

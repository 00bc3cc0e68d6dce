"""Human labels for audit actions: "Aftekenverzoek goedgekeurd", not
``competences.sign_off.approved``.

An action code is ``<app>.<object>.<verb>``. Its label is composed from the object's noun and
the verb's participle, in the reader's language, unless ``LABELS`` names the whole code (where
composing would read badly). Composing keeps the catalogue small and makes a new action of a
known object readable at once; ``tests/audit/test_labels.py`` fails for an action used in the
code whose object or verb has no label here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OBJECTS: dict[str, str | Promise] = {
    "accounts.access_token": _("API-sleutel"),
    "audit.log": _("logboek van inzage"),
    "competences.assessor": _("beoordelaar voor een bekwaamheid"),
    "competences.catalogue": _("standaardcatalogus"),
    "competences.credential": _("verifieerbaar bewijs"),
    "competences.evidence_pack": _("IGJ-export"),
    "competences.history": _("geschiedenis van een bekwaamheid"),
    "competences.item": _("bekwaamheid in de catalogus"),
    "competences.passport": _("paspoort"),
    "competences.profile": _("vereistenprofiel"),
    "competences.profile_template": _("functieprofiel van het netwerk"),
    "competences.qualification_import": _("import van bekwaamheden"),
    "competences.record": _("registratie van een bekwaamheid"),
    "competences.reminders": _("herinneringsinstellingen"),
    "competences.roster": _("lijst wie bekwaam is"),
    "competences.sign_off": _("aftekenverzoek"),
    "competences.team_matrix": _("teamoverzicht"),
    "experts.contact": _("contactverzoek"),
    "experts.profile": _("deskundigenprofiel"),
    "incidents.cause": _("oorzaak van een melding"),
    "incidents.incident": _("incidentmelding"),
    "incidents.incidents": _("incidentmeldingen"),
    "incidents.lesson": _("les uit een melding"),
    "incidents.measure": _("maatregel"),
    "knowledge.answer": _("antwoord"),
    "knowledge.comment": _("reactie op een vraag"),
    "knowledge.page": _("kennispagina"),
    "knowledge.question": _("vraag"),
    "knowledge.space": _("kennisruimte"),
    "knowledge.suggestion": _("voorstel voor een pagina"),
    "monitor.aggregates": _("regionale HR-cijfers via de API"),
    "monitor.links": _("koppelingen van de HR-monitor aan thema's"),
    "monitor.network": _("HR-monitor van een netwerk"),
    "monitor.settings": _("regels voor afscherming van de HR-monitor"),
    "monitor.submission": _("aanlevering van HR-cijfers"),
    "needs.answer": _("antwoord op een kennisbehoefte"),
    "needs.me_too": _("ik-ook-stem"),
    "needs.need": _("kennisbehoefte"),
    "notifications.preferences": _("e-mailvoorkeuren voor meldingen"),
    "organisations.application": _("aanmelding van een organisatie"),
    "organisations.department": _("afdeling"),
    "organisations.hr_import": _("HR-import"),
    "organisations.job_function": _("functie"),
    "organisations.membership": _("medewerker"),
    "organisations.network": _("netwerk"),
    "organisations.organisation": _("organisatiegegevens"),
    "organisations.role": _("rol"),
    "organisations.sso": _("single sign-on"),
    "projects.attachment": _("bijlage bij een project"),
    "projects.import": _("projectimport"),
    "projects.project": _("project"),
    "projects.reaction": _("reactie op een project"),
    "search.glossary": _("woord in de woordenlijst"),
}

VERBS: dict[str, str | Promise] = {
    "accepted": _("geaccepteerd"),
    "added": _("toegevoegd"),
    "adopted": _("overgenomen"),
    "analysed": _("geanalyseerd"),
    "applied": _("verwerkt"),
    "approved": _("goedgekeurd"),
    "asked": _("gesteld"),
    "attachment_added": _("bijlage toegevoegd"),
    "authorised": _("aangewezen"),
    "changed": _("gewijzigd"),
    "checked": _("gecontroleerd"),
    "contact_set": _("contactpersoon ingesteld"),
    "created": _("aangemaakt"),
    "declined": _("afgewezen"),
    "deleted": _("verwijderd"),
    "departments_changed": _("afdelingen gewijzigd"),
    "discarded": _("vervallen verklaard"),
    "done": _("afgerond"),
    "edited": _("bewerkt"),
    "ended": _("uit dienst gemeld"),
    "exempted": _("vrijstelling gegeven"),
    "exported": _("geëxporteerd"),
    "granted": _("toegekend"),
    "hidden": _("verborgen"),
    "import_ended": _("uit dienst gemeld door de HR-import"),
    "import_updated": _("bijgewerkt door de HR-import"),
    "imported": _("toegevoegd door de HR-import"),
    "installed": _("geïnstalleerd"),
    "invitation_accepted": _("uitnodiging aangenomen"),
    "issued": _("uitgegeven"),
    "linked": _("gekoppeld"),
    "listed": _("lijst bekeken"),
    "member_added": _("lid toegevoegd"),
    "member_approved": _("lid toegelaten"),
    "member_invited": _("lid uitgenodigd"),
    "member_removed": _("lid verwijderd"),
    "member_role_changed": _("rol van een lid gewijzigd"),
    "membership_requested": _("lidmaatschap aangevraagd"),
    "moved": _("verplaatst"),
    "performed": _("uitvoering vastgelegd"),
    "posted": _("geplaatst"),
    "preferences_changed": _("voorkeuren gewijzigd"),
    "published": _("gepubliceerd"),
    "qualified": _("geregistreerd"),
    "read": _("opgevraagd"),
    "reinstated": _("opnieuw geldig gemaakt"),
    "rejected": _("afgewezen"),
    "removed": _("verwijderd"),
    "reopened": _("heropend"),
    "reported": _("gemeld"),
    "requested": _("aangevraagd"),
    "restored": _("teruggezet"),
    "revised": _("bewerkt"),
    "revoked": _("ingetrokken"),
    "roles_changed": _("rollen gewijzigd"),
    "saved": _("opgeslagen"),
    "sent": _("verstuurd"),
    "settings_changed": _("instellingen gewijzigd"),
    "shared": _("gedeeld"),
    "shown": _("weer zichtbaar gemaakt"),
    "status_changed": _("status gewijzigd"),
    "submitted": _("ingediend"),
    "suspended": _("geschorst"),
    "unlinked": _("ontkoppeld"),
    "updated": _("gewijzigd"),
    "uploaded": _("geüpload"),
    "validated": _("gecontroleerd"),
    "viewed": _("bekeken"),
    "voided": _("gecorrigeerd (vervallen verklaard)"),
    "withdrawn": _("ingetrokken"),
}

# Whole codes whose composed label would read badly.
LABELS: dict[str, str | Promise] = {
    "accounts.signed_in": _("Ingelogd"),
    "accounts.sign_in_failed": _("Inloggen mislukt"),
    "competences.assessor.withdrawn": _("Aanwijzing als beoordelaar ingetrokken"),
    "competences.credential.secured": _("Verifieerbaar bewijs ook voor een wallet gemaakt"),
    "organisations.membership.listed": _("Lijst van medewerkers bekeken"),
}


def split(code: str) -> tuple[str, str]:
    """``competences.sign_off.approved`` -> (``competences.sign_off``, ``approved``)."""
    head, _dot, verb = code.rpartition(".")
    return head, verb


def has_label(code: str) -> bool:
    head, verb = split(code)
    return code in LABELS or (head in OBJECTS and verb in VERBS)


def action_label(code: str) -> str:
    """The action in words in the active language; an unknown code is shown as it is rather
    than hidden (the log must stay complete)."""
    if code in LABELS:
        return str(LABELS[code])
    head, verb = split(code)
    if head in OBJECTS and verb in VERBS:
        return capfirst(f"{OBJECTS[head]} {VERBS[verb]}")
    return gettext("Handeling %(code)s") % {"code": code}

"""Ten CRM training scenarios for the demo (seed 002: trainers exchange scenarios between
hospitals). Each row: title, summary and the template's sections."""

from __future__ import annotations

BASE = {
    "team_composition": (
        "Een arts, twee verpleegkundigen en een teamleider. Eén observator per rol."
    ),
    "debriefing_method": (
        "Advocacy-inquiry in drie fasen: reactie, analyse, toepassing. 20 minuten."
    ),
    "evaluation": (
        "Deelnemers scoren na afloop briefing, closed-loop communicatie en rolverdeling (1-5)."
    ),
}

SCENARIOS: tuple[dict, ...] = (
    {
        "title": "Postpartum hemorrhagie op de verloskamer",
        "summary": (
            "Een kraamvrouw verliest na een vlotte bevalling snel bloed. Het team moet opschalen, "
            "taken verdelen en closed-loop communicatie gebruiken."
        ),
        "goals_technical": (
            "Herkennen van fluxus post partum.\nStarten van het PPH-protocol binnen 5 minuten."
        ),
        "goals_crm": (
            "Hulp inroepen op tijd.\nClosed-loop communicatie bij "
            "medicatieopdrachten.\nRolverdeling door de teamleider."
        ),
        "target_group": "Verloskundigen, gynaecologen, verpleegkundigen van de verloskamer.",
        "setting": "Verloskamer, in-situ simulatie met de eigen apparatuur.",
        "equipment": (
            "Bevallingssimulator, infuusmateriaal, oxytocine (oefenampullen), weegschaal voor "
            "bloedverlies."
        ),
        "case_background": (
            "Mevrouw J., 31 jaar, G2P2, à terme bevallen. Placenta compleet. Na 20 minuten meer "
            "bloedverlies."
        ),
        "roles": (
            "Verloskundige: krijgt de overdracht, weet niets van het "
            "bloedverlies.\nVerpleegkundige: ziet het bloedverlies als eerste.\nGynaecoloog: komt "
            "op oproep, wordt na 4 minuten binnengeroepen."
        ),
        "phases": (
            "Fase 1 — 500 ml bloedverlies. Trigger: verpleegkundige meldt bloedverlies. Verwacht: "
            "call-out, uterusmassage, hulp inroepen.\nFase 2 — 1000 ml, tensie daalt. Trigger: "
            "operator zet RR op 90/50. Verwacht: PPH-protocol, SBAR naar gynaecoloog.\nFase 3 — "
            "stabilisatie. Trigger: tweede infuus loopt. Verwacht: 10-seconds-for-10-minutes en "
            "taakverdeling."
        ),
        "operator_script": (
            "Start met normale vitale waarden. Verhoog hartfrequentie per fase met 20. Laat de "
            "gynaecoloog pas komen na een SBAR-oproep."
        ),
        "debriefing_questions": (
            "Wanneer had je het gevoel dat je hulp moest inroepen?\nHoe wist iedereen wie de "
            "teamleider was?\nWelke opdracht is niet teruggekoppeld?"
        ),
        "crm_skills": ["communicatie", "leiderschap", "teamwork"],
        "duration_minutes": 45,
        "concepts": ["Hulp inroepen", "Closed-loop communicatie", "SBAR", "Rolverdeling"],
    },
    {
        "title": "Reanimatie op de verpleegafdeling",
        "summary": (
            "Een patiënt op de afdeling cardiologie wordt onwel en raakt in een "
            "circulatiestilstand. Het team start de reanimatie tot het reanimatieteam er is."
        ),
        "goals_technical": "BLS binnen 1 minuut, AED binnen 3 minuten.",
        "goals_crm": (
            "Teamleider benoemen.\nCall-out van ritme en tijd.\nOverdracht aan het reanimatieteam "
            "met SBAR."
        ),
        "target_group": "Verpleegkundigen van de verpleegafdelingen.",
        "setting": "Patiëntenkamer op de afdeling.",
        "equipment": "Reanimatiepop, AED-trainer, zuurstof, reanimatiekar.",
        "case_background": (
            "Meneer D., 68 jaar, opgenomen met pijn op de borst. Klaagt over duizeligheid."
        ),
        "roles": (
            "Verpleegkundige 1: vindt de patiënt.\nVerpleegkundige 2: komt na de "
            "alarmbel.\nReanimatieteam: komt na 6 minuten."
        ),
        "phases": (
            "Fase 1 — collaps. Trigger: patiënt reageert niet. Verwacht: alarmeren, BLS "
            "starten.\nFase 2 — AED. Trigger: AED aangesloten. Verwacht: schok volgens AED, "
            "call-out van tijd.\nFase 3 — overdracht. Trigger: reanimatieteam binnen. Verwacht: "
            "SBAR-overdracht."
        ),
        "operator_script": "Ritme: VF tot de eerste schok, daarna PEA.",
        "debriefing_questions": (
            "Wie had de leiding, en hoe wist je dat?\nWat ging er mis in de overdracht?"
        ),
        "crm_skills": ["leiderschap", "communicatie"],
        "duration_minutes": 30,
        "concepts": ["Teamleider", "Call-out", "Overdracht"],
    },
    {
        "title": "Sepsis op de spoedeisende hulp",
        "summary": (
            "Een oudere patiënt met koorts wordt op de SEH snel slechter. Fixatie op een "
            "urineweginfectie dreigt."
        ),
        "goals_technical": "Sepsis herkennen en binnen het uur antibiotica geven.",
        "goals_crm": "Situational awareness: de fixatiefout doorbreken.\nSpeak up bij twijfel.",
        "target_group": "SEH-artsen en SEH-verpleegkundigen.",
        "setting": "SEH-behandelkamer.",
        "equipment": "Patiëntsimulator, monitor, bloedkweekset.",
        "case_background": "Mevrouw K., 82 jaar, uit het verpleeghuis, koorts en verwardheid.",
        "roles": (
            "SEH-arts: denkt aan een urineweginfectie.\nVerpleegkundige: ziet de ademfrequentie "
            "stijgen."
        ),
        "phases": (
            "Fase 1 — opvang. Trigger: binnenkomst. Verwacht: ABCDE.\nFase 2 — verslechtering. "
            "Trigger: bloeddruk 85/50. Verwacht: speak up, sepsisprotocol."
        ),
        "operator_script": "Laat de ademfrequentie elke 3 minuten stijgen.",
        "debriefing_questions": (
            "Wanneer veranderde jullie beeld van de patiënt?\nWat maakte het moeilijk om je zorg "
            "uit te spreken?"
        ),
        "crm_skills": ["situational_awareness", "besluitvorming"],
        "duration_minutes": 35,
        "concepts": ["Fixatiefout", "Speak up", "Situational awareness"],
    },
    {
        "title": "Moeilijke luchtweg op de operatiekamer",
        "summary": (
            "Bij de inleiding lukt de intubatie niet. Het team moet besluiten en hulp inroepen "
            "volgens het algoritme."
        ),
        "goals_technical": "Het moeilijke-luchtwegalgoritme volgen.",
        "goals_crm": (
            "Besluitvorming met DODAR.\nHiërarchie doorbreken: de anesthesiemedewerker spreekt "
            "zich uit."
        ),
        "target_group": "Anesthesiologen, anesthesiemedewerkers, operatieassistenten.",
        "setting": "Operatiekamer.",
        "equipment": "Luchtwegsimulator, videolaryngoscoop, larynxmasker, front-of-neck-set.",
        "case_background": "Mevrouw S., 45 jaar, BMI 38, electieve cholecystectomie.",
        "roles": (
            "Anesthesioloog: probeert te intuberen.\nAnesthesiemedewerker: houdt de saturatie in "
            "de gaten."
        ),
        "phases": (
            "Fase 1 — mislukte intubatie. Trigger: twee pogingen. Verwacht: call-out, hulp "
            "inroepen.\nFase 2 — desaturatie. Trigger: saturatie 85%. Verwacht: besluit over "
            "larynxmasker."
        ),
        "operator_script": "Saturatie daalt met 3% per 30 seconden na de tweede poging.",
        "debriefing_questions": (
            "Hoe kwam het besluit tot stand?\nWie zag de saturatie dalen en zei dat?"
        ),
        "crm_skills": ["besluitvorming", "communicatie"],
        "duration_minutes": 30,
        "concepts": ["DODAR", "Hiërarchie", "Hulp inroepen"],
    },
    {
        "title": "Overdracht van de IC naar de afdeling",
        "summary": (
            "Een patiënt gaat van de IC naar de afdeling. Tijdens de overdracht ontbreekt "
            "informatie over een allergie."
        ),
        "goals_technical": "Volledige overdracht met medicatie en allergieën.",
        "goals_crm": "SBAR-overdracht en check-back.",
        "target_group": "IC- en afdelingsverpleegkundigen.",
        "setting": "IC-box en afdelingskamer.",
        "equipment": "Overdrachtsformulier, patiëntdossier (oefenversie).",
        "case_background": "Meneer V., 59 jaar, na een longontsteking van de IC naar de afdeling.",
        "roles": (
            "IC-verpleegkundige: draagt over, vergeet de allergie.\nAfdelingsverpleegkundige: "
            "neemt over."
        ),
        "phases": (
            "Fase 1 — overdracht. Trigger: start. Verwacht: SBAR.\nFase 2 — medicatie. Trigger: "
            "antibioticum klaar. Verwacht: check-back op allergie."
        ),
        "operator_script": "Geen simulator: speel de patiënt zelf.",
        "debriefing_questions": "Welke informatie miste je, en wanneer merkte je dat?",
        "crm_skills": ["communicatie"],
        "duration_minutes": 20,
        "concepts": ["Overdracht", "SBAR", "Check-back"],
    },
    {
        "title": "Verslechterende patiënt in de nacht",
        "summary": (
            "Een nachtdienst met hoge werkdruk. Een patiënt wordt langzaam slechter; de arts is "
            "moe en moeilijk bereikbaar."
        ),
        "goals_technical": "Vroege waarschuwingsscore gebruiken.",
        "goals_crm": "Werkdrukmanagement en hulp inroepen.\nVermoeidheid herkennen.",
        "target_group": "Verpleegkundigen en arts-assistenten.",
        "setting": "Afdeling in de nacht.",
        "equipment": "Telefoon, monitor.",
        "case_background": "Meneer P., 74 jaar, dag 2 na een heupoperatie.",
        "roles": "Verpleegkundige: heeft acht patiënten.\nArts-assistent: staat op de SEH.",
        "phases": (
            "Fase 1 — stijgende score. Trigger: score 5. Verwacht: arts bellen met SBAR.\nFase 2 "
            "— arts komt niet. Trigger: 30 minuten. Verwacht: opschalen naar de supervisor."
        ),
        "operator_script": "De arts-assistent wimpelt het eerste telefoontje af.",
        "debriefing_questions": "Wat hield je tegen om op te schalen?",
        "crm_skills": ["teamwork", "communicatie"],
        "duration_minutes": 30,
        "concepts": ["Werkdrukmanagement", "Vermoeidheid", "Hulp inroepen"],
    },
    {
        "title": "Brand op de operatiekamer",
        "summary": (
            "Tijdens een ingreep ontstaat een kleine brand door diathermie. Het team moet snel "
            "handelen en de rollen verdelen."
        ),
        "goals_technical": "Blussen en de patiënt beschermen.",
        "goals_crm": "Leiderschap in chaos; call-out en rolverdeling.",
        "target_group": "Het hele OK-team.",
        "setting": "Operatiekamer.",
        "equipment": "Rookmachine (zonder echte brand), blusdeken.",
        "case_background": "Halsoperatie met zuurstof via een neusbril.",
        "roles": "Chirurg, anesthesioloog, twee operatieassistenten.",
        "phases": "Fase 1 — rook. Trigger: rookmachine aan. Verwacht: call-out, zuurstof dicht.",
        "operator_script": "Start de rook na 5 minuten.",
        "debriefing_questions": "Wie nam de leiding?",
        "crm_skills": ["leiderschap"],
        "duration_minutes": 20,
        "concepts": ["Rolverdeling", "Call-out"],
    },
    {
        "title": "Kind met benauwdheid op de kinder-SEH",
        "summary": (
            "Een peuter met ernstige benauwdheid; de ouders zijn in paniek en horen bij het team."
        ),
        "goals_technical": "Behandeling van astma-aanval bij een kind.",
        "goals_crm": "Ouders betrekken; gedeeld mentaal model.",
        "target_group": "Kinderartsen en kinderverpleegkundigen.",
        "setting": "Kinder-SEH.",
        "equipment": "Kindersimulator, vernevelaar.",
        "case_background": "Jongen van 3 jaar, bekend met astma.",
        "roles": "Ouder (acteur), kinderarts, verpleegkundige.",
        "phases": "Fase 1 — opvang. Trigger: binnenkomst. Verwacht: briefing met de ouders.",
        "operator_script": "De ouder stelt steeds dezelfde vraag.",
        "debriefing_questions": "Hoe hielp of hinderde de ouder?",
        "crm_skills": ["communicatie", "teamwork"],
        "duration_minutes": 30,
        "concepts": ["Gedeeld mentaal model", "Briefing"],
    },
    {
        "title": "Medicatiefout bij een infuuspomp",
        "summary": (
            "Een verkeerd ingestelde infuuspomp geeft tien keer te veel heparine. Het team "
            "ontdekt het bij de overdracht."
        ),
        "goals_technical": "Pompinstellingen controleren; antidotum.",
        "goals_crm": "Speak up en just culture: de fout melden.",
        "target_group": "Verpleegkundigen van de afdeling.",
        "setting": "Afdeling.",
        "equipment": "Infuuspomp (oefenmodus).",
        "case_background": "Mevrouw B., 66 jaar, heparine na een longembolie.",
        "roles": "Verpleegkundige die overneemt; verpleegkundige die de pomp instelde.",
        "phases": (
            "Fase 1 — ontdekken. Trigger: overdracht aan het bed. Verwacht: check-back van de pomp."
        ),
        "operator_script": "De pomp staat op 10 ml/uur in plaats van 1 ml/uur.",
        "debriefing_questions": "Hoe voelde het om de fout te benoemen?",
        "crm_skills": ["communicatie"],
        "duration_minutes": 25,
        "concepts": ["Just culture", "Speak up"],
    },
    {
        "title": "Trauma-opvang met een onervaren team",
        "summary": (
            "Een motorrijder na een ongeval. Het team is nieuw samengesteld; de teamleider moet "
            "rollen verdelen."
        ),
        "goals_technical": "ATLS-opvang.",
        "goals_crm": "Pre-briefing van het team, rolverdeling, closed-loop communicatie.",
        "target_group": "Traumateam.",
        "setting": "Traumakamer.",
        "equipment": "Traumasimulator.",
        "case_background": "Man van 25 jaar, motorongeval, hoge energie.",
        "roles": "Traumaleider, airwayarts, twee verpleegkundigen.",
        "phases": "Fase 1 — voorbereiding. Trigger: melding ambulance. Verwacht: briefing.",
        "operator_script": "De patiënt heeft een spanningspneumothorax.",
        "debriefing_questions": "Wat deed de briefing voor jullie samenwerking?",
        "crm_skills": ["leiderschap", "teamwork"],
        "duration_minutes": 40,
        "concepts": ["Briefing", "Rolverdeling"],
    },
)

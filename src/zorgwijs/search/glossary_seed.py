"""The glossary the demo starts with: abbreviations and the words people use for the words
records use (and a few English ones). Platform admins keep it up to date on
/platform/woordenlijst/."""

GLOSSARY: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "VIM",
        ("veilig incident melden", "incidentmelding", "incidentmeldingen"),
        "Melden van incidenten in de zorg",
    ),
    ("BMH", ("bachelor medisch hulpverlener",), "Hbo-opleiding voor SEH, ambulance en OK"),
    ("SEH", ("spoedeisende hulp", "spoedzorg", "emergency department"), ""),
    ("IC", ("intensive care", "intensivecare"), ""),
    ("OK", ("operatiekamer", "operatiekamers", "operating room"), ""),
    (
        "VVT",
        (
            "verpleeg verzorgingshuizen en thuiszorg",
            "verpleeghuis",
            "verpleeghuizen",
            "nursing home",
        ),
        "",
    ),
    ("GGZ", ("geestelijke gezondheidszorg", "mental health"), ""),
    ("CRM", ("crew resource management", "teamtraining"), ""),
    ("PA", ("physician assistant",), ""),
    ("VS", ("verpleegkundig specialist",), ""),
    ("BBL", ("beroepsbegeleidende leerweg", "werkend leren"), ""),
    ("BOL", ("beroepsopleidende leerweg",), ""),
    ("COPD", ("chronische longziekte", "copd exacerbatie", "longaanval"), ""),
    ("longaanval", ("copd exacerbatie", "exacerbatie"), "Wat patiënten zeggen"),
    (
        "decubitus",
        (
            "doorligwonden",
            "doorligwond",
            "drukplekken",
            "pressure ulcer",
            "pressure ulcers",
            "bedsores",
        ),
        "",
    ),
    ("dwaalgedrag", ("weglopen", "wegloopgedrag", "dwalen", "wandering"), ""),
    ("valpreventie", ("vallen", "valincidenten", "valrisico", "fall prevention", "falls"), ""),
    ("zelfroosteren", ("zelf roosteren", "self scheduling", "self rostering"), ""),
    ("medicatieveiligheid", ("medicatiefouten", "medication safety", "medication errors"), ""),
    (
        "personeelstekort",
        ("krapte op de arbeidsmarkt", "staff shortage", "tekort aan personeel"),
        "",
    ),
    ("verzuim", ("ziekteverzuim", "sick leave", "absenteeism"), ""),
    ("zij-instroom", ("zij instromers", "zijinstromers", "career switchers"), ""),
    ("beeldbellen", ("videobellen", "video consult", "videoconsult"), ""),
    ("ouderenzorg", ("elderly care", "ouderen"), ""),
    ("dementie", ("dementia", "alzheimer"), ""),
    ("thuismonitoring", ("telemonitoring", "remote monitoring", "zorg op afstand"), ""),
    ("delier", ("delirium", "acute verwardheid"), ""),
    ("werkbegeleiding", ("praktijkbegeleiding", "werkbegeleider", "leercoach"), ""),
    ("simulatieonderwijs", ("simulatietraining", "simulation training", "skillslab"), ""),
    ("antistolling", ("bloedverdunners", "anticoagulation"), ""),
)

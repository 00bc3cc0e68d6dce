"""Demo texts for the knowledge spaces: real-looking Dutch pages and questions.

Illustrative only: a hospital writes its own work instructions from the manufacturer's manual.
"""

from __future__ import annotations

PRIMING = """\
Deze werkinstructie geldt voor de **Volumat Agilia** op alle verpleegafdelingen.
Volg altijd ook de gebruiksaanwijzing van de fabrikant.

## Voorbereiden

1. Controleer de medicatieopdracht en de infuusvloeistof (5 juiste: patiënt, middel, dosis,
   tijd, toedieningsweg).
2. Controleer de pomp: onderhoudssticker geldig, geen schade aan behuizing of deurtje.
3. Sluit de pomp aan op het stroomnet; de accu is dan vol voor transport.
4. Kies een Volumat-infuuslijn (type VL ST00) en sluit de rolklem.

## Lijn vullen (primen)

1. Prik de infuuszak aan en vul de druppelkamer voor één derde.
2. Open de rolklem en laat de lijn langzaam vollopen tot aan het uiteinde.
3. Tik luchtbellen naar boven bij de Y-stukken.
4. Sluit de rolklem weer.

## Lijn in de pomp plaatsen

1. Open het deurtje, plaats de cassette met de pijl in de stroomrichting.
2. Sluit het deurtje: de pomp controleert de lijn automatisch.
3. Open de rolklem pas **nadat** het deurtje dicht is (antifree-flow).

> Twijfel je? Vraag een collega die bekwaam is voor deze pomp, of stel je vraag hieronder.
"""

PRIMING_BUBBLES = """\
Luchtbellen in de lijn geven het alarm **Lucht in lijn** en onderbreken de toediening.

- Vul de druppelkamer nooit helemaal vol: dan zie je de druppels niet meer.
- Laat koude vloeistof eerst op kamertemperatuur komen; in koude vloeistof ontstaan bellen.
- Houd bij het vullen het uiteinde van de lijn lager dan de zak.
"""

ALARMS = """\
| Alarm | Betekenis | Wat je doet |
|---|---|---|
| Occlusie patiëntzijde | Druk te hoog na de pomp | Controleer klemmen, knikken en de infuusplaats |
| Occlusie zakzijde | Geen toevoer | Rolklem open? Zak leeg? Druppelkamer gevuld? |
| Lucht in lijn | Luchtbel bij de sensor | Pauzeer, verwijder de lucht volgens protocol, herstart |
| Einde infusie | Volume gegeven | Nieuwe opdracht of stoppen, lijn afsluiten |
| Accu bijna leeg | Nog ongeveer 30 minuten | Sluit de pomp aan op het stroomnet |

Bij een alarm dat terugkomt zonder duidelijke oorzaak: neem de pomp uit gebruik, hang er een
defectlabel aan en meld het bij Medische Technologie (toestel 4321).
"""

ALARMS_DRAFT = (
    ALARMS
    + """
**Nieuw:** bij hoog-risicomedicatie (zoals noradrenaline) altijd een tweede pomp klaarzetten
voordat je een occlusie-alarm oplost.
"""
)

CLEANING = """\
- Reinig de pomp na elke patiënt en minimaal eenmaal per week.
- Gebruik een doekje met water en zeep; daarna desinfecteren met alcohol 70%.
- Spray nooit rechtstreeks op de pomp en dompel hem niet onder.
- Het deurtje en het pompmechanisme voorzichtig reinigen; geen vocht in de sensoren.
"""

CLEANING_SUGGESTION = (
    CLEANING
    + """\
- Gebruik bij een patiënt in contactisolatie de desinfectiedoekjes van de isolatiekar.
"""
)

VENT_MODES = """\
De **Hamilton C6** heeft op onze IC de volgende modi in gebruik.

## ASV (Adaptive Support Ventilation)

De beademing past ademfrequentie en teugvolume zelf aan op basis van het ingestelde
minuutvolume (%MinVol) en de longmechanica. Standaard start: 100 %MinVol, PEEP 5 cmH₂O.

## PCV+ (drukgecontroleerd)

Vaste inspiratiedruk en frequentie; het teugvolume volgt uit de compliantie. Let op het
uitgeademde teugvolume (Vte) bij veranderende longmechanica.

## SPONT (CPAP met drukondersteuning)

Voor het ontwennen: de patiënt ademt zelf, de machine ondersteunt elke teug. Apneu-back-up
staat altijd aan.

## Wanneer welke modus?

Overleg een moduswissel altijd met de intensivist. Noteer de reden in het dossier.
"""

VENT_ALARMS = """\
1. **Kijk eerst naar de patiënt**, dan naar de machine.
2. Hoge druk: hoesten, slijm, knik in de tube? Uitzuigen volgens protocol.
3. Lage minuutventilatie of disconnectie: controleer alle verbindingen van het circuit.
4. Bij twijfel: beadem handmatig met de ballon (zuurstof 100%) en roep hulp.
"""

VENT_CIRCUIT = """\
- Het beademingscircuit wisselen we alleen bij zichtbare vervuiling of defect.
- Het HME-filter wissel je elke 24 uur of eerder bij vervuiling.
- Controleer na elke wissel met de *Tightness test* op lekkage.
"""

PCI_PREP = """\
## Voor de patiënt binnenkomt

- Time-out voorbereid: identiteit, allergieën (contrast!), nierfunctie, stollingsmedicatie.
- Defibrillator getest en elektroden klaar.
- Steriele tafel: sheath 6F, voerdraden, contrast, heparine volgens protocol.

## Tijdens de procedure

- Registreer de fluoroscopietijd en het dosisoppervlakteproduct (DAP).
- Houd de ACT-waarde bij als er heparine is gegeven.
"""

SHEATH = """\
1. Controleer de ACT: verwijder de sheath pas bij een waarde onder de 180 seconden.
2. Radiaal: gebruik het compressiebandje, 2 uur, daarna stapsgewijs ontluchten.
3. Femoraal: handmatige compressie minimaal 15 minuten, daarna drukverband.
4. Controleer de pols distaal en de insteekplaats elk kwartier in het eerste uur.
"""

RADIATION = """\
- Draag altijd je loodschort, schildklierkraag en persoonlijke dosimeter.
- Afstand is je beste bescherming: een stap achteruit halveert de dosis ruwweg.
- Gebruik het plafondscherm en het onderscherm bij elke procedure.
"""

CMT_ABOUT = """\
Deze ruimte delen de ziekenhuizen van het **Netwerk Medische Technologie Zuidwest**. Hier
staan tips, vragen en lessen over de veilige toepassing van medische technologie, zoals het
Convenant die vraagt: gedeelde risicoprofielen en bekwaamheidseisen, en wat we van elkaars
incidenten leren.

Wat hier staat, is zichtbaar voor alle medewerkers van de deelnemende ziekenhuizen.
Zet hier nooit gegevens van patiënten.
"""

CMT_TIPS = """\
- **Eén pomptype per afdeling** scheelt fouten bij overplaatsing van patiënten.
- Leg de medicatiebibliotheek (DERS) centraal vast en laat de apotheek wijzigingen
  goedkeuren.
- Plan de herhaling van de praktijktoets in het rooster, niet "als er tijd is".
"""

CMT_RISK = """\
Het convenant vraagt per medisch hulpmiddel een risicoklasse. Wij gebruiken samen:

| Klasse | Voorbeelden | Bekwaamheid |
|---|---|---|
| Hoog | Infuuspompen, beademing, defibrillator | Praktijktoets, elke 1–2 jaar |
| Middel | Bewakingsmonitor | E-learning, elke 3 jaar |
| Laag | Bloeddrukmeter | Instructie bij indiensttreding |
"""

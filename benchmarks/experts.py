"""Whom can I approach: speed over the demo (its people and the 240-record collection).

    .venv/bin/python benchmarks/experts.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_bench \
        .venv/bin/python benchmarks/experts.py

Loads the demo into var/bench/experts/ (or the given database) once, then asks "whom can I
approach" for pasted descriptions as a signed-in employee: the whole answer (the comparable
projects search included) and the ranking of people given the comparable projects (its
related-knowledge search included), median and p95 over the runs, and the number of queries.
Budget: ≤ 100 ms for a description.
"""

from __future__ import annotations

import statistics
import time

from _setup import database_label, django_setup

DESCRIPTIONS = (
    "We willen minder valincidenten bij ouderen in het verpleeghuis, met sensoren en betere "
    "werkbegeleiding van nieuwe collega's.",
    "Verpleegkundigen op onze afdeling willen hun eigen rooster maken; hoe regelen we "
    "zelfroosteren eerlijk en haalbaar?",
    "Een in-situ simulatietraining voor reanimatie op de spoedeisende hulp, met nabespreking "
    "volgens CRM.",
    "Hoe tonen we aantoonbaar bekwaamheid voor infuuspompen aan in een netwerk van ziekenhuizen?",
    "Beeldbellen in de wijkverpleging om zorg op afstand te bieden aan thuiswonende ouderen.",
)
RUNS = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    django_setup("experts")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zorgwijs.accounts.models import User
    from zorgwijs.core.demo.loader import demo_is_loaded, demo_load
    from zorgwijs.experts.ranking import (
        SIMILAR_FOR_PEOPLE,
        Subject,
        people_for_description,
        people_to_approach,
    )
    from zorgwijs.organisations.visibility import viewer_for
    from zorgwijs.projects.similar import description_similar

    if not demo_is_loaded():
        demo_load()
    viewer = viewer_for(User.objects.get(email="emma@umc-zuidwest.demo"))
    total, ranking, queries = [], [], []
    for description in DESCRIPTIONS:
        people_for_description(viewer=viewer, description=description)  # warm-up
        for _ in range(RUNS):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                people_for_description(viewer=viewer, description=description)
            total.append((time.perf_counter() - start) * 1000)
            queries.append(len(captured.captured_queries))
            similar = description_similar(
                viewer=viewer, description=description, limit=SIMILAR_FOR_PEOPLE
            )
            subject = Subject.of_description(description)
            start = time.perf_counter()
            people_to_approach(viewer=viewer, subject=subject, similar=similar, limit=8)
            ranking.append((time.perf_counter() - start) * 1000)
    print(f"database: {database_label()}; {len(DESCRIPTIONS)} descriptions × {RUNS} runs")
    print(
        f"whom can I approach (whole answer): median {statistics.median(total):.1f} ms, "
        f"p95 {percentile(total, 0.95):.1f} ms; {max(queries)} queries at most"
    )
    print(
        f"  of which ranking people: median {statistics.median(ranking):.1f} ms, "
        f"p95 {percentile(ranking, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()

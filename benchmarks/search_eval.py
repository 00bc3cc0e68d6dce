"""Search relevance on judged queries nobody tuned for, next to a plain BM25 baseline.

    .venv/bin/python benchmarks/search_eval.py [--show dev]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zorgwijs_eval .venv/bin/python \
        benchmarks/search_eval.py

The corpus is the demo world (its 240-record projects collection, knowledge spaces, pages,
questions and the published lesson), indexed by ``search_rebuild``'s code, searched as a nurse
of UMC Zuidwest (``sophie@umc-zuidwest.demo``), the way the search page does it (with the typo
retry). Three sets of queries:

- ``search_eval.json``: 167 queries written from user stories before any result was seen
  (keywords, questions, pasted descriptions, English, misspelt; projects and knowledge),
  judged by reading the records, split deterministically into a development and a test half.
  Tune on ``dev`` only; a change that lifts dev but not test is overfitting.
- ``search_judgments.json``: the 20 older queries judged inside the project ("old").

The baseline is Okapi BM25 from ``rank-bm25`` (k1 1.5, b 0.75) over exactly the documents the
same nurse may read (title, summary and body as stored), lower-cased words, no stemming, no stop
words, no glossary, no typo handling. Prints nDCG@10 and recall@10 per set and per kind.
``--show dev`` lists the dev queries one by one (never the test half: that is how it stays
unseen).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import statistics
import time
from pathlib import Path

from _setup import ROOT, database_label

HERE = Path(__file__).parent
K = 10
NURSE = "sophie@umc-zuidwest.demo"


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def key(kind: str, external_id: str, title: str) -> str:
    """How judgments name a record: the collection id of a project, else kind and title."""
    return external_id if kind == "project" and external_id else f"{kind}:{title}"


def setup(reuse: bool = False) -> None:
    """A fresh database with the demo world, indexed from scratch (``reuse``: the demo of the
    previous run, indexed again)."""
    import sys

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwijs.settings")
    os.environ.setdefault("SECRET_KEY", "search-eval-" + "x" * 40)
    if "DATABASE_URL" not in os.environ:
        var = ROOT / "var" / "bench" / "search_eval"
        var.mkdir(parents=True, exist_ok=True)
        for old in var.glob("zorgwijs.sqlite3*"):
            if not reuse:
                old.unlink()
        os.environ["ZORGWIJS_VAR_DIR"] = str(var)
    import django

    django.setup()
    from django.core.management import call_command

    if "DATABASE_URL" in os.environ and not reuse:
        # The benchmark's own database, emptied whole: `flush` would meet the audit tables'
        # append-only triggers, which refuse TRUNCATE.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from zorgwijs.core.demo.loader import demo_load
    from zorgwijs.search.services import documents_rebuild

    started = time.perf_counter()
    if not reuse:
        demo_load()
    count = documents_rebuild()
    print(
        f"database {database_label()}: demo loaded and {count} documents indexed "
        f"in {time.perf_counter() - started:.0f} s"
    )


def nurse_viewer():
    from zorgwijs.accounts.models import User
    from zorgwijs.organisations.visibility import viewer_for

    return viewer_for(User.objects.get(email=NURSE))


class Baseline:
    """Plain BM25 over the documents the viewer may read, as stored in the index."""

    def __init__(self, viewer):
        from django.db import connection
        from rank_bm25 import BM25Okapi

        from zorgwijs.search.selectors import access_condition

        condition, params = access_condition(viewer)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.kind, d.external_id, d.title, d.summary, d.body "  # noqa: S608
                f"FROM search_document d WHERE {condition}",
                params,
            )
            rows = cursor.fetchall()
        self.keys = [key(kind, ext, title) for kind, ext, title, _, _ in rows]
        self.readable = set(self.keys)
        self.bm25 = BM25Okapi([self.tokens(" ".join(r[2:])) for r in rows])

    @staticmethod
    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def search(self, text: str) -> list[str]:
        words = self.tokens(text)
        if not words:
            return []
        scores = self.bm25.get_scores(words)
        best = sorted(range(len(scores)), key=lambda i: -scores[i])[:K]
        return [self.keys[i] for i in best if scores[i] > 0]


def ours(viewer, text: str) -> list[str]:
    from zorgwijs.search.spelling import search_forgiving

    result, _ = search_forgiving(viewer=viewer, text=text, page_size=K, with_facets=False)
    return [key(h.kind, h.external_id, h.title) for h in result.hits]


def evaluate(viewer, baseline: Baseline, queries: list[dict], show: bool) -> dict:
    rows: dict[str, list[tuple[float, float, float, float]]] = {}
    readable = set(baseline.keys)
    for item in queries:
        # Only what the nurse may read can be found (a judged organisation-only project of
        # another hospital would lower both systems' ideal alike).
        grades = {k: g for k, g in item["relevant"].items() if k in readable}
        if not grades:
            continue
        mine, base = ours(viewer, item["q"]), baseline.search(item["q"])
        scores = (
            ndcg(mine, grades),
            ndcg(base, grades),
            recall(mine, grades),
            recall(base, grades),
        )
        rows.setdefault(item["kind"], []).append(scores)
        if show:
            print(
                f"  {item['kind']:<11} {item['q'][:60]:<60} {scores[0]:.2f} {scores[1]:.2f} "
                f"{scores[2]:.2f} {scores[3]:.2f}  got {mine[:5]}"
            )
    rows["all"] = [s for kind in list(rows.values()) for s in kind]
    return rows


def report(name: str, rows: dict) -> None:
    for kind, scores in rows.items():
        means = [statistics.mean(s[i] for s in scores) for i in range(4)]
        print(
            f"{name:<5} {kind:<12} {len(scores):>4}   nDCG@10 {means[0]:.3f} (BM25 "
            f"{means[1]:.3f})   recall@10 {means[2]:.3f} (BM25 {means[3]:.3f})"
        )


def describe(viewer, baseline: Baseline, queries: list[dict]) -> list[tuple[float, float]]:
    """ "Describe my project" (``description_similar``) with the judged pasted descriptions:
    nDCG@10 over their judged projects, next to BM25 over the projects alone."""
    from zorgwijs.projects.similar import description_similar

    projects = [i for i, k in enumerate(baseline.keys) if ":" not in k]
    rows = []
    for item in queries:
        grades = {
            k: g for k, g in item["relevant"].items() if ":" not in k and k in baseline.readable
        }
        if item["kind"] != "description" or not grades:
            continue
        mine = [
            s.project.external_id or f"project:{s.project.title}"
            for s in description_similar(viewer=viewer, description=item["q"], limit=K)
        ]
        scores = baseline.bm25.get_scores(baseline.tokens(item["q"]))
        best = sorted(projects, key=lambda i: -scores[i])[:K]
        base = [baseline.keys[i] for i in best if scores[i] > 0]
        rows.append((ndcg(mine, grades), ndcg(base, grades)))
    return rows


def halves(names) -> dict[str, str]:
    """Split as the judged queries were: ordered by SHA-1, alternately dev and test."""
    ordered = sorted(
        names, key=lambda n: hashlib.sha1(n.encode(), usedforsecurity=False).hexdigest()
    )
    return {n: ("dev", "test")[i % 2] for i, n in enumerate(ordered)}


def comparable(viewer, judged: dict[str, list[str]]) -> None:
    """For the projects with judged comparable ones: the share of those in the top 5 of the
    project's own list and of "describe my project" given the same project's whole text."""
    from zorgwijs.projects.models import Project
    from zorgwijs.projects.similar import description_similar, project_similar

    own: dict[str, list[float]] = {"dev": [], "test": []}
    described: dict[str, list[float]] = {"dev": [], "test": []}
    split = halves(judged)
    for source, truly in judged.items():
        half = split[source]
        project = Project.objects.get(external_id=source)
        text = "\n".join(
            [project.title, project.summary, project.problem, project.approach, project.results]
        )
        lists = (
            [s.project.external_id for s in project_similar(viewer=viewer, project=project)],
            [
                s.project.external_id
                for s in description_similar(viewer=viewer, description=text)
                if s.project.pk != project.pk
            ],
        )
        for shares, found in zip((own, described), lists, strict=True):
            shares[half].append(len(set(found[:5]) & set(truly)) / min(5, len(truly)))
    for half in ("dev", "test"):
        print(
            f"comparable projects, {half} ({len(own[half])} judged): share in the top 5 — own "
            f"list {statistics.mean(own[half]):.3f}, describe-my-project with the same text "
            f"{statistics.mean(described[half]):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", choices=["dev", "old"], help="list these queries one by one")
    parser.add_argument("--reuse", action="store_true", help="keep the previous run's demo")
    args = parser.parse_args()
    setup(args.reuse)
    viewer = nurse_viewer()
    baseline = Baseline(viewer)
    judged = json.loads((HERE / "search_eval.json").read_text(encoding="utf-8"))["queries"]
    old = json.loads((HERE / "search_judgments.json").read_text(encoding="utf-8"))["queries"]
    sets = {
        "dev": [q for q in judged if q["half"] == "dev"],
        "test": [q for q in judged if q["half"] == "test"],
        "old": old,
    }
    results = {
        name: evaluate(viewer, baseline, queries, show=args.show == name)
        for name, queries in sets.items()
    }
    print(f"\n{'set':<5} {'kind':<12} {'n':>4}   Zorgwijs (baseline) — {database_label()}")
    for name, rows in results.items():
        report(name, rows)
    for name in ("dev", "test"):
        rows = describe(viewer, baseline, sets[name])
        print(
            f"{name:<5} describe-my-project {len(rows):>3}   nDCG@10 "
            f"{statistics.mean(r[0] for r in rows):.3f} (BM25 over projects "
            f"{statistics.mean(r[1] for r in rows):.3f})"
        )
    comparable(
        viewer,
        json.loads((HERE / "search_judgments.json").read_text(encoding="utf-8"))["comparable"],
    )


if __name__ == "__main__":
    main()

"""Search quality on the judged queries of tests/data/search-queries.yaml (issue 21): the
queries students type over the real notes of tests/data/real, with the passages that answer
each, judged before any run.

Prints Recall@10, MRR@10, nDCG@10 (binary relevance) and the share of queries with no hit
for studykit's search and, built in the same run over the same passages, a character-bigram
BM25 (bm25s, the `dev` extra): each passage's words cut into overlapping pairs of
characters (a word of one character kept whole), with and without its topic's title. Then
nDCG@10 by kind of query. A passage is a topic's title or a searched block, named by its
note and first line; it is relevant when that line is in one of the query's ranges.

    .venv/bin/python bench/search_quality.py [--show N] [--kind KIND]

`--show N` lists the N worst queries for studykit, with what it returned.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studykit.notes.corpus import load_notes
from studykit.notes.index import passages
from studykit.notes.search import search
from studykit.text import nfc

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "search-queries.yaml"
NOTES = ROOT / "tests" / "data" / "real"
DEPTH = 10

Place = tuple[str, int]
"""A passage: its note's file name and its first line."""


@dataclass(slots=True)
class Judged:
    query: str
    kind: str
    ranges: dict[str, list[tuple[int, int]]]

    def relevant(self, place: Place) -> bool:
        return any(a <= place[1] <= b for a, b in self.ranges.get(place[0], []))


@dataclass(slots=True)
class Scores:
    """One system's figures over the queries, and each query's nDCG@10."""

    recall: float = 0.0
    mrr: float = 0.0
    ndcg: float = 0.0
    no_hit: float = 0.0
    each: dict[str, float] = field(default_factory=dict)


def judged(path: Path = QUERIES) -> tuple[list[str], list[Judged]]:
    """The corpus's file names and the judged queries."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for item in data["queries"]:
        ranges = {note: [_span(str(r)) for r in spans] for note, spans in item["relevant"].items()}
        found.append(Judged(item["query"], item["kind"], ranges))
    return data["corpus"], found


def _span(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    return int(first), int(last or first)


def score(
    queries: list[Judged], ranked: Callable[[str], list[Place]], every: list[Place]
) -> Scores:
    """The figures of a system that ranks passages (`ranked`) over the passages `every`."""
    result = Scores()
    recalls, ranks, gains, empty = [], [], [], 0
    for item in queries:
        top = ranked(item.query)[:DEPTH]
        hits = [item.relevant(place) for place in top]
        total = sum(item.relevant(place) for place in every)
        empty += not top
        recalls.append(sum(hits) / total if total else 0.0)
        ranks.append(next((1 / (n + 1) for n, hit in enumerate(hits) if hit), 0.0))
        dcg = sum(1 / math.log2(n + 2) for n, hit in enumerate(hits) if hit)
        ideal = sum(1 / math.log2(n + 2) for n in range(min(total, DEPTH)))
        result.each[item.query] = dcg / ideal if ideal else 0.0
        gains.append(result.each[item.query])
    result.recall, result.mrr = statistics.mean(recalls), statistics.mean(ranks)
    result.ndcg, result.no_hit = statistics.mean(gains), empty / len(queries)
    return result


@dataclass(slots=True)
class Corpus:
    """The judged notes copied into a folder of their own, loaded, and their passages."""

    folder: Path
    notes: object
    texts: list[tuple[Place, str, str]]  # each passage: where, its text, its topic's title

    @property
    def places(self) -> list[Place]:
        return [place for place, _, _ in self.texts]


def corpus(work: Path, files: list[str]) -> Corpus:
    folder = work / "notes"
    folder.mkdir()
    for name in files:
        shutil.copyfile(NOTES / name, folder / name)
    full = load_notes(folder)
    texts = []
    for note in full.notes:
        titles = {t.slug: t.title for t in note.topics}
        for row in passages(note):
            texts.append(((note.path, row[1]), row[2], titles.get(row[0], "")))
    return Corpus(folder, load_notes(folder, blocks=False), texts)


def studykit(found: Corpus) -> Callable[[str], list[Place]]:
    paths = {n.slug: n.path for n in found.notes.notes}  # type: ignore[attr-defined]

    def ranked(query: str) -> list[Place]:
        hits = search(found.notes, query, limit=DEPTH)  # type: ignore[arg-type]
        return [(paths[h.note], h.line) for h in hits]

    return ranked


def bigrams(text: str) -> list[str]:
    """The baseline's tokens: each word's overlapping character pairs (NFC, case-folded)."""
    found = []
    for word in nfc(text).casefold().split():
        found += [word[n : n + 2] for n in range(len(word) - 1)] or [word]
    return found


def bigram_bm25(found: Corpus, titles: bool) -> Callable[[str], list[Place]]:
    import bm25s

    docs = [bigrams(f"{title} {text}" if titles else text) for _, text, title in found.texts]
    index = bm25s.BM25()
    index.index(docs, show_progress=False)
    places = found.places

    def ranked(query: str) -> list[Place]:
        tokens = bigrams(query)
        if not tokens:
            return []
        result = index.retrieve([tokens], k=DEPTH, show_progress=False)
        pairs = zip(result.documents[0], result.scores[0], strict=True)
        return [places[int(doc)] for doc, value in pairs if value > 0]

    return ranked


def systems(found: Corpus) -> Iterator[tuple[str, Callable[[str], list[Place]]]]:
    yield "studykit search", studykit(found)
    yield "character-bigram BM25 (bm25s)", bigram_bm25(found, titles=False)
    yield "character-bigram BM25, topic title added", bigram_bm25(found, titles=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0, help="the N worst queries for studykit")
    parser.add_argument("--kind", help="only the queries of this kind")
    args = parser.parse_args()
    files, queries = judged()
    if args.kind:
        queries = [q for q in queries if q.kind == args.kind]
    work = Path(tempfile.mkdtemp(prefix="studykit-search-quality-"))
    os.environ["STUDYKIT_HOME"] = str(work / "home")
    try:
        found = corpus(work, files)
        print(f"{len(queries)} queries, {len(files)} notes, {len(found.texts)} passages")
        print(f"{'system':<42} {'Recall@10':>9} {'MRR@10':>7} {'nDCG@10':>8} {'no hit':>7}")
        results = {}
        for name, ranked in systems(found):
            s = results[name] = score(queries, ranked, found.places)
            print(f"{name:<42} {s.recall:>9.3f} {s.mrr:>7.3f} {s.ndcg:>8.3f} {s.no_hit:>7.1%}")
        names = list(results)
        print(f"\nnDCG@10 by kind{'':<14}" + "".join(f"{n[:18]:>20}" for n in names))
        for kind in sorted({q.kind for q in queries}):
            mine = [q.query for q in queries if q.kind == kind]
            row = [statistics.mean(results[n].each[q] for q in mine) for n in names]
            print(f"{kind + f' ({len(mine)})':<29}" + "".join(f"{v:>20.3f}" for v in row))
        ours = results[names[0]]
        worst = sorted(queries, key=lambda q: ours.each[q.query])[: args.show]
        ranked = studykit(found)
        for item in worst:
            print(f"\n{ours.each[item.query]:.2f} {item.query!r} ({item.kind}) {item.ranges}")
            for place in ranked(item.query):
                print(f"   {'*' if item.relevant(place) else ' '} {place[0]}:{place[1]}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

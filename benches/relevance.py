#!/usr/bin/env python3
"""Relevance of `iop search` on the judged queries of tests/relevance.tsv.

    benches/relevance.py [IOP] [ROOT]

IOP is an `iop` binary (default target/debug/iop), ROOT a catalogue
(default the frozen fixture, tests/fixtures/rapport-2023, as of the report's
date). Prints per query the top five, recall (relevant ones in the top five
over min(5, relevant)) and precision (relevant ones over the hits shown,
0 for no hit), and the means. The same figures are asserted by the test
`search_relevance_table` (tests/search.rs); this script exists so that any
binary, an older one too, can be measured on the same table.
"""
import json
import subprocess
import sys
from pathlib import Path

repo = Path(__file__).resolve().parent.parent
iop = sys.argv[1] if len(sys.argv) > 1 else str(repo / "target/debug/iop")
root = sys.argv[2] if len(sys.argv) > 2 else str(repo / "tests/fixtures/rapport-2023")

rows = []
for line in (repo / "tests/relevance.tsv").read_text().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    cols = line.split("\t")
    rows.append((cols[0], set(cols[1].split()), cols[2].split() if len(cols) > 2 else []))

recalls, precisions, empty = [], [], 0
for query, relevant, _ in rows:
    out = subprocess.run(
        [iop, "--root", root, "search", query, "--json", "--limit", "5", "--as-of", "2023-04-01"],
        capture_output=True, text=True, check=True,
    )
    hits = [h["slug"] for h in json.loads(out.stdout)["hits"]]
    good = sum(1 for h in hits if h in relevant)
    recall = good / min(5, len(relevant))
    precision = good / len(hits) if hits else 0.0
    empty += not hits
    recalls.append(recall)
    precisions.append(precision)
    print(f"{recall:4.2f} {precision:4.2f}  {query!r:28} {' '.join(hits)}")
print(f"mean recall {sum(recalls) / len(recalls):.3f}, precision {sum(precisions) / len(precisions):.3f}, "
      f"queries without hits {empty} of {len(rows)}")

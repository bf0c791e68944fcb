"""Duckling check of the time parser: ``python -m evals.time_eval [--duckling-dir PATH]``.

Runs the parser over Duckling's RU and EN corpora (section allExamples) at Duckling's reference time
(2013-02-12 04:30, UTC-2) and compares ``[start, end)``: a single value with grain g means
``[start, start + g)``; open intervals compare their one bound. Holidays are scored separately (the parser
has no holiday calendar); every other row, future-only phrases ("in 2 hours", "by EOD") included, is in the
main score. Also runs the negative corpus, which must not parse. Both conventions are reported:
Duckling's (future-preferring) and the product default (past-preferring).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from retrieval.question.time.parser import parse_time
from retrieval.question.time.types import TimeOptions, TimeRange, add_grain

REPO = Path(__file__).resolve().parent.parent
REF = datetime(2013, 2, 12, 4, 30, tzinfo=timezone(timedelta(hours=-2)))
TZ = timezone(timedelta(hours=-2))


def expected(row: dict[str, str]) -> tuple[datetime | None, datetime | None]:
    start = datetime.fromisoformat(row["start"]).replace(tzinfo=TZ)
    if row["kind"].endswith("OpenInterval"):
        return (start, None) if row["open_direction"] == "After" else (None, start)
    if row["end"]:
        return start, datetime.fromisoformat(row["end"]).replace(tzinfo=TZ)
    return start, add_grain(start, row["grain"])  # type: ignore[arg-type]


def score(rows: list[dict[str, str]], options: TimeOptions) -> tuple[Counter[str], list[list[str]]]:
    counts: Counter[str] = Counter()
    failures: list[list[str]] = []
    for row in rows:
        if row["start"].startswith("-"):
            continue_kind = "unsupported_bc"
            counts[continue_kind] += 1
            failures.append([row["lang"], row["phrase"], continue_kind, "", ""])
            continue
        holiday = "Holiday" in row["kind"]
        bucket = "holiday" if holiday else "main"
        counts[f"{bucket}_n"] += 1
        got = parse_time(row["phrase"], REF, TZ, options)
        want = expected(row)
        if got is not None and (got.start, got.end) == want:
            counts[f"{bucket}_exact"] += 1
        else:
            counts[f"{bucket}_parsed" if got else f"{bucket}_none"] += 1
            failures.append([row["lang"], row["phrase"], bucket, _fmt_pair(want), _fmt(got)])
    return counts, failures


def _fmt_pair(pair: tuple[datetime | None, datetime | None]) -> str:
    return " → ".join(d.strftime("%Y-%m-%d %H:%M:%S") if d else "…" for d in pair)


def _fmt(got: TimeRange | None) -> str:
    return "none" if got is None else _fmt_pair((got.start, got.end)) + f" [{got.phrase}]"


def load(path: Path, section: str = "allExamples") -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r.get("section", section) == section]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default_dir = REPO / ".." / "shared" / "benchmarks" / "duckling"
    parser.add_argument("--duckling-dir", type=Path, default=default_dir)
    args = parser.parse_args(argv)
    folder: Path = args.duckling_dir
    if not (folder / "duckling_time_ru.tsv").exists():
        print(f"Duckling corpus not found in {folder}; skipping the time eval.")
        return 0
    report: dict[str, object] = {}
    all_failures: list[list[str]] = []
    for mode, options in (("duckling", TimeOptions.duckling()), ("product", TimeOptions())):
        for lang in ("ru", "en"):
            counts, failures = score(load(folder / f"duckling_time_{lang}.tsv"), options)
            n, exact = counts["main_n"], counts["main_exact"]
            entry = {"exact": round(exact / n, 4) if n else 0.0, "exact_count": exact, "n": n,
                     "wrong": counts["main_parsed"], "not_parsed": counts["main_none"],
                     "holidays": {"exact": counts["holiday_exact"], "n": counts["holiday_n"]},
                     "unsupported_bc_rows": counts["unsupported_bc"]}
            if mode == "duckling":
                report[lang] = entry
                all_failures += [[mode, *f] for f in failures]
            else:
                report.setdefault("product_mode", {})[lang] = entry  # type: ignore[index]
    negatives = load(folder / "duckling_time_negative_ru_en.tsv", section="")
    parsed = [r["phrase"] for r in negatives if parse_time(r["phrase"], REF, TZ, TimeOptions.duckling())]
    report["negative_parsed"] = len(parsed)
    report["negative_n"] = len(negatives)
    report["negative_parsed_phrases"] = parsed
    out = REPO / "evals" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "time.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    with (out / "time_failures.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(["mode", "lang", "phrase", "bucket", "expected", "got"])
        writer.writerows(all_failures)
    _summary(report)
    return 0


def _summary(report: dict[str, object]) -> None:
    for lang in ("ru", "en"):
        e = report[lang]
        p = report["product_mode"][lang]  # type: ignore[index]
        assert isinstance(e, dict)
        print(f"{lang.upper()}: {e['exact']:.1%} exact ({e['exact_count']}/{e['n']}, Duckling conventions); "
              f"holidays {e['holidays']['exact']}/{e['holidays']['n']} (no holiday calendar); "
              f"product conventions {p['exact']:.1%}")
    print(f"negatives parsed: {report['negative_parsed']}/{report['negative_n']}")
    print("failures: evals/results/time_failures.tsv")


if __name__ == "__main__":
    sys.exit(main())

"""Fit the objection matcher's weights and calibration on the tuning report set.

    .venv/bin/python scripts/fit_objections.py            # fit, print, write the model module
    .venv/bin/python scripts/fit_objections.py --dry-run  # fit and print only

Reads only the tuning sets, tests/evaluation/objection_reports.jsonl and
objection_reports_tune2.jsonl (never the held-out, fresh or round sets), and the playbooks in
playbooks/, embeds with the configured model, and writes
src/pregame/coach/objection_model.py. Deterministic: the same playbooks and set give the same
file. It prints the cross-validated loss per penalty and, per candidate answer floor, what the
floor would do on cross-validated confidences, with the lowest floor that keeps wrong answers
within the budget: `objection_floor` in src/pregame/settings.py should be that value.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pregame.coach.objections import ObjectionMatcher
from pregame.evaluation.objection_fit import (
    WRONG_BUDGET,
    ask_floors,
    chosen_floor,
    fit,
    floors,
    module_text,
    sample,
)
from pregame.evaluation.objections import load_reports
from pregame.playbook.library import PlaybookLibrary
from pregame.services import default_embedder
from pregame.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TUNING = (
    Path("tests/evaluation/objection_reports.jsonl"),
    Path("tests/evaluation/objection_reports_tune2.jsonl"),
)
MODULE = ROOT / "src/pregame/coach/objection_model.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="Print without writing.")
    args = parser.parse_args()

    settings = Settings(root=ROOT)
    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    library.refresh()
    playbooks = {p.id: p for p in library.playbooks()}
    reports = [r for path in TUNING for r in load_reports(ROOT / path, playbooks)]
    matcher = ObjectionMatcher(default_embedder(settings), sure=1.0)
    data = sample(matcher, playbooks, reports)
    margin = settings.objection_lead
    found = fit(data, margin)

    print(f"{len(reports)} reports, {data.values.shape[1]} objections, margin {margin}")
    for penalty, (loss, error) in found.cv_loss.items():
        mark = "  <- chosen" if penalty == found.penalty else ""
        print(f"  penalty {penalty:g}: cross-validated loss {loss:.3f} +/- {error:.3f}{mark}")
    print(f"model: {found.model}")
    outcomes = floors(found.shares, data, found.model.calibration)
    print("floor  answered  known wrong  uncovered answered  wrong (all)")
    for o in outcomes:
        print(
            f"{o.floor:5.2f}  {o.answered:8.0%}  {o.known_wrong:11.1%}  {o.unknown_wrong:18.0%}"
            f"  {o.wrong:11.1%}"
        )
    floor = chosen_floor(outcomes)
    print(f"lowest floor with wrong answers <= {WRONG_BUDGET:.0%}: {floor}")
    print("below it, floor to ask  known ones missed  uncovered ones told honestly")
    for a in ask_floors(found.shares, data, found.model.calibration, floor):
        print(f"{a.floor:21.2f}  {a.missed:17.0%}  {a.honest:28.0%}")
    if not args.dry_run:
        MODULE.write_text(module_text(found, TUNING), encoding="utf-8")
        print(f"wrote {MODULE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

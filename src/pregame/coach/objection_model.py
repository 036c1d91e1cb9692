"""How the objection matcher weighs and calibrates its evidence.

Written by scripts/fit_objections.py; do not edit by hand, run the script again.
"""

FITTED_ON = (
    "tests/evaluation/objection_reports.jsonl",
    "tests/evaluation/objection_reports_tune2.jsonl",
)
FEATURES = ("phrasing", "centroid", "response", "words", "coverage")
WEIGHTS = (0.264, 0.2403, 0.1137, 0.2083, 0.1737)
TEMPERATURE = 25.392
NONE_SCORE = 0.3596
CALIBRATION = (1.4438, 0.8155)
PENALTY = 0.001

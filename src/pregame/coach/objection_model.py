"""How the objection matcher weighs and calibrates its evidence.

Written by scripts/fit_objections.py; do not edit by hand, run the script again.
"""

FITTED_ON = "tests/evaluation/objection_reports.jsonl"
FEATURES = ("phrasing", "centroid", "response", "words")
WEIGHTS = (0.3455, 0.2884, 0.0563, 0.3098)
TEMPERATURE = 32.808
NONE_SCORE = 0.3721
CALIBRATION = (1.3926, 1.2567)
PENALTY = 0.0003

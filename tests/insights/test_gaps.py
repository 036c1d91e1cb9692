from __future__ import annotations

import yaml

from pregame.insights.events import Filters
from pregame.insights.service import Insights
from pregame.playbook.schema import Objection


def test_unanswered_questions_are_clustered(insights: Insights) -> None:
    clusters = insights.unanswered(Filters())
    top = clusters[0]
    assert top.count == 3 and top.sellers == 3
    assert all("parental leave" in w for w in top.wordings)


def test_known_objections_by_frequency(insights: Insights) -> None:
    known = insights.objections(Filters()).known
    assert known[0].objection == "too-expensive" and known[0].count == 3
    assert [k.count for k in known] == sorted((k.count for k in known), reverse=True)


def test_uncovered_objections_come_with_a_phrasings_snippet(insights: Insights) -> None:
    uncovered = insights.objections(Filters()).uncovered
    wordings = [w for u in uncovered for w in u.cluster.wordings]
    assert "they need it to run fully on premises, no cloud at all" in wordings
    assert not any(w.startswith("/") for w in wordings), "clicks are not wordings"
    for gap in uncovered:
        (entry,) = yaml.safe_load(gap.snippet)
        assert entry["phrasings"] == gap.cluster.wordings[:10]
        Objection.model_validate(entry)  # pastes into a playbook as it is

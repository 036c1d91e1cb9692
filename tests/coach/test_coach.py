"""coach/coach.py: understanding the seller, guided play, content, objections, answers, prep."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pregame.coach.buttons import NAV_BUTTONS, NO_OBJECTION
from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.coach.state import PlayState
from pregame.indexing import index_default
from pregame.playbook.library import PlaybookLibrary
from pregame.replies import ReplyType
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.search import ChromaSearcher
from pregame.services import Services, playbook_checks
from pregame.settings import Settings
from tests.support.chroma_server import ChromaServer
from tests.support.fakes import HashingEmbedder

PLAYBOOK = "b2b-buyer-experience"


def _start(coach: Coach, text: str) -> PlayState:
    turn = coach.start(PlayState(), [text])
    return turn.state


def _playing(coach: Coach, text: str = "discovery call with the CFO") -> PlayState:
    return coach.start(PlayState(), [text]).state


def test_start_understands_phase_persona_and_shows_step_one(coach: Coach) -> None:
    turn = coach.start(PlayState(), ["I have a discovery call with a CFO tomorrow"])
    assert turn.state == PlayState("b2b-buyer-experience", "discovery", "cfo", None, 0)
    intro, step = turn.replies
    assert "Discovery" in intro.text and "CFO" in intro.text
    assert step.data["type"] == "step" and step.data["index"] == 0
    assert "Questions to ask" in step.text
    assert "What the buyer should experience" in step.text
    assert [b.title for b in step.buttons] == ["Back", "Next", "Content"]


def test_start_without_phase_asks_which_one(coach: Coach) -> None:
    turn = coach.start(PlayState(), ["meeting their CFO next week"])
    assert turn.state.phase is None and turn.state.persona == "cfo"
    (reply,) = turn.replies
    assert reply.data["type"] == "choose_phase"
    assert "/start_play" in reply.buttons[0].payload


def test_next_back_and_exit_criteria(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    n = len(coach.library.playbooks()[0].phase("discovery").steps)
    for expected in range(1, n):
        turn = coach.move(state, +1)
        state = turn.state
        assert state.step == expected
    assert turn.replies[0].data["exit_criteria"], "last step states the exit criteria"
    done = coach.move(state, +1)
    assert done.state.step == n - 1
    assert done.replies[0].data["type"] == "phase_done"
    back = coach.move(state, -1)
    assert back.state.step == n - 2


def test_back_at_first_step_stays(coach: Coach) -> None:
    state = _start(coach, "discovery call")
    turn = coach.move(state, -1)
    assert turn.state.step == 0
    assert "first step" in turn.replies[0].text


def test_move_without_a_play_explains(coach: Coach) -> None:
    turn = coach.move(PlayState(), +1)
    assert turn.replies[0].data["type"] == "no_play"


def test_persona_variant_is_shown(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    playbook = coach.library.playbooks()[0]
    phase = playbook.phase("discovery")
    index = next(i for i, s in enumerate(phase.steps) if "cfo" in s.variants.personas)
    turn = coach.move(state.at(index - 1), +1) if index else coach.move(state, 0)
    assert phase.steps[index].variants.personas["cfo"] in turn.replies[0].text


def test_content_is_capped_and_cited(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    (reply,) = coach.content(state, "what should I send them?").replies
    items = reply.data["items"]
    assert 1 <= len(items) <= 3
    knowledge = Path(coach.catalog.folder)
    for item in items:
        assert item["title"] and (knowledge / item["source"]).is_file()
        assert item["source"] in reply.text


def test_specific_content_request_beats_designed_content(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    (reply,) = coach.content(state, "Halvorsen manufacturing case study").replies
    assert reply.data["items"][0]["source"] == "case-study-manufacturing.md"


def test_objection_from_playbook_with_proof(coach: Coach) -> None:
    (reply,) = coach.objection(PlayState(), "they say you're too expensive").replies
    assert reply.data["type"] == "objection"
    assert reply.data["objection"] == "too-expensive"
    assert reply.data["proof"], "proof content is attached"


def test_unknown_objection_gets_caveat_or_honest_no(coach: Coach) -> None:
    (reply,) = coach.objection(PlayState(), "zebra xylophone quasar").replies
    assert reply.data["type"] == "no_answer"


def test_uncovered_question_is_answered_honestly(coach: Coach) -> None:
    (reply,) = coach.answer(PlayState(), "parental leave allowance").replies
    assert reply.data["type"] == "no_answer"
    assert "don't have anything" in reply.text


def test_a_question_the_search_is_unsure_of_gets_related_reading_not_an_answer(
    coach: Coach,
) -> None:
    question = "multi-year discount guardrails pricing"
    for searcher in (coach.knowledge, coach.plays):
        assert isinstance(searcher, ChromaSearcher)
        searcher.confidence = 1.01  # nothing is ever sure enough
    (reply,) = coach.answer(PlayState(), question).replies
    assert reply.data["type"] == "no_answer"
    assert "don't have a sure answer" in reply.text and "check them before" in reply.text
    related = [c["source"] for c in reply.data["related"]]
    assert "pricing-and-packaging.md" in related and "Source:" not in reply.text


def test_covered_question_is_cited(coach: Coach) -> None:
    (reply,) = coach.answer(PlayState(), "multi-year discount guardrails pricing").replies
    assert reply.data["type"] == "answer"
    assert reply.data["citations"][0]["source"] == "pricing-and-packaging.md"
    assert "Source:" in reply.text


def test_understand_reads_phase_persona_channel_and_forgets_the_old_phase(coach: Coach) -> None:
    state = coach.understand(PlayState(), ["demo with their IT team over zoom"])
    assert (state.phase, state.persona, state.channel) == ("evaluation", "cto", "video")
    again = coach.understand(state, ["another call next week"])
    assert again.phase is None, "a new play without a phase must ask for it"
    assert again.persona == "cto" and again.channel == "video"


def test_understand_picks_the_playbook_the_words_belong_to(coach: Coach) -> None:
    state = coach.understand(PlayState(), ["on booth duty tomorrow"])
    assert state.playbook == "events-and-partners"
    assert state.phase == "at-the-booth"


def test_ask_phase_offers_the_playbooks_phases_as_buttons(coach: Coach) -> None:
    state = coach.understand(PlayState(), ["meeting their CFO next week"])
    (reply,) = coach.ask_phase(state).replies
    assert reply.data["type"] == "choose_phase"
    assert [b.payload for b in reply.buttons][1] == (
        '/start_play{"playbook":"b2b-buyer-experience","phase":"discovery"}'
    ), "phase ids repeat across playbooks: the button names the playbook too"


def test_go_to_a_phase_and_to_a_step(coach: Coach) -> None:
    state = _playing(coach)
    to_phase = coach.go_to(state, ["go to negotiation"], None)
    assert (to_phase.state.phase, to_phase.state.step) == ("negotiation", 0)
    to_step = coach.go_to(state, ["jump to step 3"], 3)
    assert to_step.state.step == 2 and to_step.replies[0].data["index"] == 2
    last = coach.go_to(state, ["the last step"], -1)
    assert last.replies[0].data["exit_criteria"]
    out_of_range = coach.go_to(state, ["step 9"], 9)
    assert out_of_range.state == state
    assert out_of_range.replies[0].data["type"] == "choose_step"


def test_overview_lists_every_step_and_marks_the_current_one(coach: Coach) -> None:
    state = coach.move(_playing(coach), +1).state
    (reply,) = coach.overview(state).replies
    assert reply.data["type"] == "overview" and reply.data["index"] == 1
    assert len(reply.data["steps"]) == reply.text.count("\n   ")
    (here,) = [line for line in reply.text.splitlines() if "← you are here" in line]
    assert here.startswith("2. ")


def test_repeat_restart_and_stop(coach: Coach) -> None:
    state = coach.move(_playing(coach), +1).state
    assert coach.move(state, 0).replies[0].data["index"] == 1
    assert coach.move(state.at(0), 0).state.step == 0
    stopped = coach.stop(state)
    assert not stopped.state.active and stopped.state.persona == "cfo"
    assert coach.move(stopped.state, +1).replies[0].data["type"] == "no_play"


def test_ok_after_a_step_moves_on_and_after_the_phase_starts_the_next(coach: Coach) -> None:
    state = _playing(coach)
    after_step = coach.acknowledge(state, True, ReplyType.STEP)
    assert after_step.state.step == 1 and after_step.replies[0].data["type"] == "step"
    last = state.at(len(coach.library.get(PLAYBOOK).phase("discovery").steps) - 1)
    done = coach.acknowledge(last, True, ReplyType.STEP)
    assert done.replies[0].data["type"] == "phase_done" and done.state == last
    following = coach.acknowledge(last, True, ReplyType.PHASE_DONE)
    assert (following.state.phase, following.state.step) == ("evaluation", 0)
    assert [r.data["type"] for r in following.replies] == ["play_started", "step"]


def test_no_or_ok_elsewhere_nudges_without_moving(coach: Coach) -> None:
    state = _playing(coach)
    no = coach.acknowledge(state, False, ReplyType.STEP)
    assert no.state == state and no.replies[0].data["type"] == "nudge"
    assert no.replies[0].buttons, "in a play the nudge offers next/back/stop"
    after_content = coach.acknowledge(state, True, ReplyType.CONTENT)
    assert after_content.state == state and after_content.replies[0].data["type"] == "nudge"
    idle = coach.acknowledge(PlayState(), True, None)
    assert idle.state == PlayState() and "call to prep" in idle.replies[0].text


def test_switch_persona_shows_the_tailored_step(coach: Coach) -> None:
    state = coach.move(_playing(coach, "discovery call"), +1).state
    turn = coach.switch(state, ["actually it's the CFO"])
    note, step = turn.replies
    assert turn.state.persona == "cfo" and turn.state.step == 1
    assert note.data == {"type": "context_changed", "persona": "cfo", "channel": None}
    assert step.data["persona_note"] and step.data["persona_note"] in step.text


def test_switch_channel_keeps_the_persona(coach: Coach) -> None:
    state = _playing(coach)
    turn = coach.switch(state, ["it's over email now"])
    assert (turn.state.persona, turn.state.channel) == ("cfo", "email")


def test_switch_without_a_name_asks(coach: Coach) -> None:
    turn = coach.switch(_playing(coach), ["switch it up"])
    assert turn.replies[0].data["type"] == "choose_persona"


def test_prep_brief_is_compact_and_complete(coach: Coach) -> None:
    state = coach.understand(PlayState(), ["my call with Acme's CFO, evaluation stage"])
    (brief,) = coach.prep(state, "Acme").replies
    data = brief.data
    assert data["type"] == "prep" and data["phase"] == "evaluation"
    assert "Acme's" in brief.text.splitlines()[0]
    assert len(data["questions"]) == 3
    assert 2 <= len(data["content"]) <= 3
    assert data["objections"] and data["next_step"]
    assert data["buyer_goal"] and data["seller_objective"]


def test_objection_from_another_playbook_is_found(coach: Coach) -> None:
    state = _playing(coach)
    (reply,) = coach.objection(state, "we are just browsing the booth").replies
    assert reply.data["type"] == "objection"
    assert reply.data["playbook"] == "events-and-partners"


class _Refreshable:
    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def refresh(self) -> None:
        self.log.append(self.name)


def test_refresh_refreshes_playbooks_catalog_and_both_searchers(coach: Coach) -> None:
    log: list[str] = []
    parts = {n: _Refreshable(log, n) for n in ("library", "knowledge", "catalog", "plays")}
    spy = Coach(
        parts["library"],  # type: ignore[arg-type]
        parts["knowledge"],  # type: ignore[arg-type]
        parts["catalog"],  # type: ignore[arg-type]
        coach.objections,
        parts["plays"],  # type: ignore[arg-type]
    )
    spy.refresh()
    assert sorted(log) == ["catalog", "knowledge", "library", "plays"]
    log.clear()
    Coach(spy.library, spy.knowledge, spy.catalog, coach.objections).refresh()
    assert sorted(log) == ["catalog", "knowledge", "library"], "no plays searcher: skipped"


def test_an_edited_playbook_is_served_after_the_next_refresh(coach: Coach) -> None:
    path = Path(coach.library.folder) / "b2b-buyer-experience.yml"
    old = "Discovery"
    path.write_text(path.read_text().replace(f"name: {old}\n", "name: First call\n", 1))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    state = _start(coach, "discovery call with the CFO")
    assert coach.library.get(PLAYBOOK).phase("discovery").name == old, "reads do no I/O"
    coach.refresh()
    assert coach.library.get(PLAYBOOK).phase("discovery").name == "First call"
    assert coach.move(state, 0).replies[0].data["phase_name"] == "First call"


# -- the knowledge base (a real Chroma server) stops answering --------------------------------


@pytest.fixture
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    yield server
    server.stop()


@pytest.fixture
def served_coach(project: Path, chroma_server: ChromaServer) -> Coach:
    """The coach over the project's playbooks and knowledge, indexed in a Chroma server."""
    embedder = HashingEmbedder()
    settings = Settings(root=project, relevance_floor=0.2, objection_floor=0.5,
                        data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"))  # fmt: skip
    client = store.open_client(host="127.0.0.1", port=chroma_server.port)
    catalog = KnowledgeCatalog(project / "knowledge")
    catalog.refresh()
    library = PlaybookLibrary(project / "playbooks", checks=playbook_checks(settings, catalog))
    index_default(Services(settings, embedder, client, library, catalog=catalog))
    deadlines = store.Deadlines(read_seconds=0.5, bulk_seconds=0.5)

    def searcher(name: str) -> ChromaSearcher:
        coll = store.collection(client, name, embedder.name, deadlines)
        return ChromaSearcher(coll, embedder, settings.relevance_floor)

    coach = Coach(
        library=library,
        knowledge=searcher(store.KNOWLEDGE),
        plays=searcher(store.PLAYBOOKS),
        catalog=catalog,
        objections=ObjectionMatcher(embedder, settings.objection_floor),
        strong_match=0.25,
    )
    coach.refresh()
    return coach


def test_without_the_knowledge_base_the_play_goes_on_and_the_seller_is_told(
    served_coach: Coach, chroma_server: ChromaServer, caplog: pytest.LogCaptureFixture
) -> None:
    coach = served_coach
    state = _playing(coach)
    chroma_server.pause()
    try:
        with caplog.at_level(logging.WARNING, logger="pregame.coach.coach"):
            (answer,) = coach.answer(state, "multi-year discount guardrails pricing").replies
            (content,) = coach.content(state, "what should I send them?").replies
            (outside,) = coach.content(PlayState(), "case study for manufacturing").replies
            (unknown,) = coach.objection(state, "zebra xylophone quasar", NO_OBJECTION).replies
            (known,) = coach.objection(state, "they say you're too expensive").replies
            step = coach.move(state, +1)
    finally:
        chroma_server.resume()
    assert answer.type is ReplyType.ERROR and answer.buttons == NAV_BUTTONS
    assert answer.text == (
        "I can't reach the knowledge base right now, so I can't look that up. Please try again "
        'in a minute. Your play is where you left it: say "next" to go on.'
    )
    # Content: what the play recommends, without the searched part, and saying so.
    assert content.type is ReplyType.CONTENT
    assert content.text.startswith("I can't reach the knowledge base right now, so this is only")
    items = content.data["items"]
    assert 1 <= len(items) <= 3
    assert {i["why"] for i in items} == {"recommended in the playbook"}
    assert outside.type is ReplyType.ERROR and outside.buttons == ()
    assert unknown.type is ReplyType.ERROR and "closest thing to that objection" in unknown.text
    # What needs no search is served as always.
    assert known.data["objection"] == "too-expensive" and known.data["proof"]
    assert (step.state.step, step.replies[0].type) == (1, ReplyType.STEP)
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 4, warned  # one line per turn answered without the knowledge base
    assert all("answered without the knowledge base: Chroma did not answer" in w for w in warned)
    # Back: the next question is answered from the knowledge base, nothing restarted.
    (again,) = coach.answer(state, "multi-year discount guardrails pricing").replies
    assert again.data["type"] == "answer"
    assert again.data["citations"][0]["source"] == "pricing-and-packaging.md"

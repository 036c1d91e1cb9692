"""Intent accuracy and macro F1 of a trained Rasa model on the held-out NLU sets, per set.

    .venv/bin/python scripts/nlu_eval.py [--model M.tar.gz] [--set FILE ...] [--misses] [--dump F]

It starts the model in a Rasa server on a free loopback port (the stack's launcher), asks
/model/parse for every utterance of tests/nlu/heldout*.yml (or the files given with --set) and
prints one line per set. A prediction under the fallback threshold counts as a miss.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

import httpx

from pregame.evaluation.intents import labelled_utterances, macro_f1
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.rasa import child_env, rasa_bin
from pregame.stack.tuning import rasa_command

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="default: the newest in models/")
    parser.add_argument("--set", type=Path, action="append", dest="sets", help="a set (repeatable)")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument("--dump", type=Path, help="write each parse (JSON lines) to this file")
    args = parser.parse_args()
    model = args.model or max(
        (ROOT / "models").glob("pregame-*.tar.gz"), key=lambda p: p.stat().st_mtime
    )
    sets = args.sets or sorted((ROOT / "tests" / "nlu").glob("heldout*.yml"))
    settings = Settings(root=ROOT)
    port = free_port()
    cmd = [*rasa_command(rasa_bin(settings)), "run", "--enable-api", "--model", str(model),
           "--port", str(port), "--interface", "127.0.0.1"]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env=child_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        print(f"model {model.name}")
        all_truth: list[str] = []
        all_pred: list[str] = []
        for path in sets:
            pairs = labelled_utterances(path)
            started = time.monotonic()
            parses = [
                httpx.post(f"{url}/model/parse", json={"text": text}, timeout=30).json()
                for text, _ in pairs
            ]
            predicted = [parse["intent"]["name"] for parse in parses]
            if args.dump:
                with args.dump.open("a") as out:
                    for parse, (_, truth) in zip(parses, pairs, strict=True):
                        row = {"set": path.name, "text": parse["text"], "truth": truth}
                        out.write(json.dumps({**row, "ranking": parse["intent_ranking"][:3]}))
                        out.write("\n")
            ms = 1000 * (time.monotonic() - started) / len(pairs)
            truth = [intent for _, intent in pairs]
            all_truth += truth
            all_pred += predicted
            accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(pairs)
            print(f"{path.name:32} n={len(pairs):4}  accuracy {accuracy:.3f}  "
                  f"macro F1 {macro_f1(truth, predicted):.3f}  ({ms:.0f} ms/parse)")  # fmt: skip
            if args.misses:
                for (text, t), p in zip(pairs, predicted, strict=True):
                    if t != p:
                        print(f"    {t:18} -> {p:18} {text}")
        print(f"{'union':32} n={len(all_truth):4}  macro F1 {macro_f1(all_truth, all_pred):.3f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

"""Run the Rasa CLI with a faster model load; executed by the Rasa runtime's Python (3.10).

    .venv-rasa/bin/python src/pregame/stack/rasa_boot.py run --model ... (same as `rasa run`)

Rasa 3.6 builds each TensorFlow model (DIET, TED) at load time by compiling it and running
``model.fit`` on one example, only so that the variables exist before the trained weights are
read over them. In graph mode that fit traces and optimises the whole training step (loss,
gradients, optimizer): about 25 s for DIET and 9 s for TED on 2 cores, two thirds of a
server's start. Here that single fit runs eagerly (the variables come out the same, and are
overwritten by the saved weights anyway); the model is then switched back to its configured
mode, so predictions still run as a traced ``tf.function`` exactly as before.

This file imports only Rasa (never ``pregame``): it runs in the Rasa runtime, not in ours.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

LOAD_MODE = "PREGAME_RASA_LOAD"
"""``eager-fit`` (default): only the load-time fit is eager. ``eager``: the models stay eager
after loading too (what ``run_eagerly: true`` in config.yml does, without retraining; slower
predictions). ``plain``: Rasa unchanged. The last two exist to measure against."""


def patch_model_load(keep_eager: bool = False) -> None:
    """Make ``RasaModel.load``'s one-example fit eager; leave everything else as it was."""
    from rasa.utils.tensorflow.models import RasaModel

    loading = threading.local()
    original_load = RasaModel.load.__func__
    original_compile = RasaModel.compile
    original_fit = RasaModel.fit

    def load(cls: Any, *args: Any, **kwargs: Any) -> Any:
        loading.active = True
        try:
            return original_load(cls, *args, **kwargs)
        finally:
            loading.active = False

    def compile(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(loading, "active", False):
            self._pregame_configured_eagerly = kwargs.get("run_eagerly")
            kwargs["run_eagerly"] = True
        return original_compile(self, *args, **kwargs)

    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original_fit(self, *args, **kwargs)
        finally:
            if getattr(loading, "active", False) and not keep_eager:
                self.run_eagerly = self._pregame_configured_eagerly

    RasaModel.load = classmethod(load)
    RasaModel.compile = compile
    RasaModel.fit = fit


def main() -> None:
    # Run as a script, this folder is first on sys.path, and its rasa.py would shadow Rasa.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    mode = os.environ.get(LOAD_MODE, "eager-fit")
    if mode != "plain":
        patch_model_load(keep_eager=mode == "eager")
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

"""The embedding model run by ONNX Runtime, int8-quantized, on length-sorted batches.

Same model, same pooling and normalisation as sentence-transformers, about twice as fast or
more on a small CPU (see BENCHMARKS.md). If the export fails (an unusual model), it falls back
to plain sentence-transformers and logs why.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from pregame.retrieval.chunks import model_window
from pregame.retrieval.embeddings import Embedder, SentenceTransformerEmbedder
from pregame.retrieval.onnx_export import INPUTS, cached_model

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


class OnnxEmbedder:
    """A sentence-transformers model folder, exported once to ONNX and run by ONNX Runtime."""

    def __init__(
        self,
        model_path: str,
        cache_dir: Path,
        *,
        quantize: bool = True,
        batch_size: int = 4,
        threads: int | None = None,
        spin: bool = True,
    ) -> None:
        model = os.path.basename(model_path.rstrip("/")) or model_path
        self.name = f"{model}-onnx-{'int8' if quantize else 'fp32'}"
        self.model_path = Path(model_path)
        self.cache_dir = cache_dir
        self.quantize = quantize
        self.batch_size = batch_size
        self.threads = threads or os.cpu_count() or 1
        self.spin = spin
        self._session: Any = None
        self._bulk_session: Any = None
        self._onnx_path = Path()
        self._tokenizer: Tokenizer | None = None
        self._pooling = "mean"
        self._fallback: Embedder | None = None
        self._pad_id = 0

    def _load(self) -> None:
        if self._session is not None or self._fallback is not None:
            return
        try:
            onnx_path = cached_model(self.model_path, self.cache_dir, self.quantize)
        except Exception:
            log.warning(
                "could not export %s to ONNX; using sentence-transformers instead",
                self.model_path,
                exc_info=True,
            )
            self._fallback = SentenceTransformerEmbedder(str(self.model_path))
            return
        from tokenizers import Tokenizer

        self._onnx_path = onnx_path
        self._session = self._new_session(spin=False)
        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=model_window(self.model_path))
        tokenizer.no_padding()  # batches are padded after sorting, see _padded
        self._pad_id = tokenizer.token_to_id("[PAD]") or 0
        self._tokenizer = tokenizer
        self._pooling = self._pooling_mode()

    def _new_session(self, *, spin: bool) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        return ort.InferenceSession(
            str(self._onnx_path), options, providers=["CPUExecutionProvider"]
        )

    def _session_for(self, count: int) -> Any:
        """Spinning threads (ONNX Runtime's default) embed a long run of batches ~10% faster on
        2 cores, but after a single query they keep spinning and slow the search that follows
        in the same process; so queries and short lists get a session that does not spin."""
        if not self.spin or count <= self.batch_size:
            return self._session
        if self._bulk_session is None:
            self._bulk_session = self._new_session(spin=True)
        return self._bulk_session

    def _pooling_mode(self) -> str:
        config = self.model_path / "1_Pooling" / "config.json"
        if config.is_file() and json.loads(config.read_text()).get("pooling_mode_cls_token"):
            return "cls"
        return "mean"

    def embed_array(self, texts: Sequence[str]) -> Vectors:
        """Unit-length vectors as one array, in the order of ``texts``."""
        self._load()
        if self._fallback is not None:
            return np.asarray(self._fallback.embed(texts), dtype=np.float32)
        assert self._tokenizer is not None
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        # Longest first by word pieces, so each batch pads to texts of almost its own length.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        session = self._session_for(len(texts))
        out: Vectors | None = None
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            feeds = _padded([encodings[i] for i in idx], self._pad_id)
            hidden = session.run(None, {k: feeds[k] for k in INPUTS})[0]
            vectors = _pool(hidden, feeds["attention_mask"], self._pooling)
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
        assert out is not None
        return out

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        rows: list[list[float]] = self.embed_array(texts).tolist()
        return rows


def _padded(encodings: Sequence[Encoding], pad_id: int) -> dict[str, npt.NDArray[np.int64]]:
    """The model's inputs for one batch, padded to its longest member."""
    width = max(len(e.ids) for e in encodings)
    feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in INPUTS}
    feeds["input_ids"].fill(pad_id)
    for row, e in enumerate(encodings):
        n = len(e.ids)
        feeds["input_ids"][row, :n] = e.ids
        feeds["attention_mask"][row, :n] = 1
        feeds["token_type_ids"][row, :n] = e.type_ids
    return feeds


def _pool(hidden: Vectors, mask: npt.NDArray[np.int64], mode: str) -> Vectors:
    if mode == "cls":
        pooled = hidden[:, 0, :]
    else:
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return result

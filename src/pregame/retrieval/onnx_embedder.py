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

from pregame.retrieval.embeddings import Embedder, SentenceTransformerEmbedder
from pregame.retrieval.onnx_export import INPUTS, cached_model

if TYPE_CHECKING:
    from tokenizers import Tokenizer

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
        batch_size: int = 8,
        threads: int | None = None,
    ) -> None:
        self.name = os.path.basename(model_path.rstrip("/")) or model_path
        self.model_path = Path(model_path)
        self.cache_dir = cache_dir
        self.quantize = quantize
        self.batch_size = batch_size
        self.threads = threads or os.cpu_count() or 1
        self._session: Any = None
        self._tokenizer: Tokenizer | None = None
        self._pooling = "mean"
        self._fallback: Embedder | None = None

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
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # No busy-waiting between ops: on 2 shared cores spinning threads only steal time.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self._max_length())
        pad = tokenizer.token_to_id("[PAD]") or 0
        tokenizer.enable_padding(pad_id=pad, pad_token=tokenizer.id_to_token(pad) or "[PAD]")
        self._tokenizer = tokenizer
        self._pooling = self._pooling_mode()

    def _max_length(self) -> int:
        config = self.model_path / "sentence_bert_config.json"
        if config.is_file():
            return int(json.loads(config.read_text()).get("max_seq_length", 256))
        return 256

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
        out: Vectors | None = None
        # Longest first, so each batch pads to texts of about its own length.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in idx])
            feeds = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            hidden = self._session.run(None, {k: feeds[k] for k in INPUTS})[0]
            vectors = _pool(hidden, feeds["attention_mask"], self._pooling)
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
        return out if out is not None else np.zeros((0, 0), dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        rows: list[list[float]] = self.embed_array(texts).tolist()
        return rows


def _pool(hidden: Vectors, mask: npt.NDArray[np.int64], mode: str) -> Vectors:
    if mode == "cls":
        pooled = hidden[:, 0, :]
    else:
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return result

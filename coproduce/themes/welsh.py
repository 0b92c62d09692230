"""Welsh voices in an English sentence model: tell Welsh text, and gloss it word by word.

The sentence model (MiniLM) was trained on English. A Welsh voice embedded as it is lands
far from the English voices on its topic, so every Welsh voice forms one "Welsh" theme. A
word-by-word English gloss from the Welsh–English dictionary Debian ships
(``dict-freedict-cym-eng``, Eurfa, GPL-2+, read where it is installed, never copied into the
project) puts "Mae'r neuadd yn oer" next to "the hall is cold". Welsh mutates the first
letter of a word ("fy nghar", "ei char", "i Gaerdydd"), so a word not found is looked up
again with each mutation undone.

The dictionary's files are checked against their sha256 when first read; a mismatch refuses
them with a clear message and Welsh text is then embedded as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

DICTIONARY_DIR = Path("/usr/share/dictd")
DICTIONARY_PACKAGE = "dict-freedict-cym-eng"
DICTIONARY_VERSION = "2022.04.21-1 (Eurfa 0.2.3)"
DICTIONARY_LICENCE = "GPL-2.0-or-later"
DICTIONARY_FILES = {
    "freedict-cym-eng.index":
        "8596ac85911ce100d9c19f81217b9602a0918b2bbbda9ded172a58e5585900a3",
    "freedict-cym-eng.dict.dz":
        "b71c340f0d47a284e2472aa33370899f17c7f47a4e51af4ad5ee3d817cf58aaf",
}
GLOSS_ID = "cy-gloss-v1"

_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]", re.UNICODE)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Short words that mark a text as Welsh (and are not English words).
_MARKER_WORDS = """
mae maen ydy ydw yw oes roedd bydd byddai hoffwn hoffem hoffen licien angen eisiau isio
moyn yr y yn ac ar gyda efo gan dim ddim wedi ni nhw ein eich fy dy ei ein hefyd iawn plis
plîs diolch os pan ble beth pam sut mwy llai rhy iawn achos oherwydd ond neu felly gallu
gall gallwn allwn cael gael dros drwy rhwng ger heb i'r o'r a'r i’r o’r a’r mae'r mae’r
sy sydd oedd fel rhaid dylai dylen cyn ar ôl am ond bob pob rhai llawer lot wythnos
"""
MARKERS = frozenset(_MARKER_WORDS.split())

# Welsh function words glossed as nothing (they carry no topic) or as the English word.
FUNCTION_GLOSS = {
    "mae": "", "maen": "", "ydy": "", "ydw": "", "yw": "", "oes": "", "roedd": "", "bydd": "",
    "yr": "the", "y": "the", "'r": "the", "’r": "the", "yn": "", "a": "and", "ac": "and",
    "i": "to", "o": "of", "ar": "on", "gyda": "with", "efo": "with", "gan": "by",
    "dim": "no", "ddim": "not", "wedi": "", "ni": "we", "nhw": "they", "ein": "our",
    "eich": "your", "fy": "my", "ei": "his", "hefyd": "also", "iawn": "very", "plis": "please",
    "plîs": "please", "diolch": "thanks", "os": "if", "pan": "when", "hoffwn": "would like",
    "hoffem": "would like", "angen": "need", "eisiau": "want", "isio": "want", "moyn": "want",
    "sy": "", "sydd": "", "oedd": "was", "rhy": "too", "mwy": "more", "achos": "because",
    "oherwydd": "because", "ond": "but", "neu": "or", "fel": "like", "rhaid": "must",
    "dylai": "should", "cael": "have", "gael": "have", "gallu": "can", "pob": "every",
    "bob": "every", "am": "for", "dros": "over", "heb": "without",
    # Spoken forms: "dw i", "ma'r", "dyw e ddim", "does dim", "sdim", "o hyd".
    "dw": "I", "dwi": "I", "ma": "", "dyw": "not", "dydy": "not", "does": "no",
    "doedd": "no", "sdim": "no", "neb": "nobody", "hyd": "still", "'n": "", "’n": "",
    # Everyday words of community services the dictionary lacks.
    "lleithder": "damp", "llwydni": "mould", "trip": "trip", "tacsi": "taxi",
    "ffôn": "phone", "ffon": "phone", "cyngor": "council", "gofalwr": "carer",
    "gofalwyr": "carers", "meddyg": "doctor", "ysbyty": "hospital", "clwb": "club",
}

# Mutated first letters and what they may have been (soft, nasal, aspirate, h-prothesis).
_UNMUTATE = (
    ("ngh", ("c",)), ("mh", ("p",)), ("nh", ("t",)), ("ng", ("g",)), ("ch", ("c",)),
    ("ph", ("p",)), ("th", ("t",)), ("dd", ("d",)), ("f", ("b", "m")), ("b", ("p",)),
    ("d", ("t",)), ("g", ("c",)), ("l", ("ll",)), ("r", ("rh",)), ("m", ("b",)),
    ("n", ("d",)), ("h", ("",)), ("", ("g",)),
)


class GlossaryUnavailable(RuntimeError):
    """The Welsh–English dictionary is missing, or its files are not the ones checked."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _number(code: str) -> int:
    value = 0
    for char in code:
        value = value * 64 + _B64.index(char)
    return value


@dataclass
class Glossary:
    """Welsh headword -> a short English gloss (the first sense)."""

    words: dict[str, str]
    _memo: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path = DICTIONARY_DIR) -> Glossary:
        """Read the dictd files after checking their sha256 (raise GlossaryUnavailable)."""
        for name, expected in DICTIONARY_FILES.items():
            path = folder / name
            if not path.is_file():
                raise GlossaryUnavailable(
                    f"the Welsh–English dictionary is not installed ({path} is missing; "
                    f"apt-get install {DICTIONARY_PACKAGE})")
            found = sha256_of(path)
            if found != expected:
                raise GlossaryUnavailable(
                    f"refusing {path}: its sha256 is {found}, expected {expected} "
                    f"({DICTIONARY_PACKAGE} {DICTIONARY_VERSION})")
        with gzip.open(folder / "freedict-cym-eng.dict.dz") as handle:
            data = handle.read()
        words: dict[str, str] = {}
        index = (folder / "freedict-cym-eng.index").read_text(encoding="utf-8")
        for line in index.splitlines():
            parts = line.split("\t")
            if len(parts) != 3 or parts[0].startswith("00database") or " " in parts[0]:
                continue
            start, size = _number(parts[1]), _number(parts[2])
            entry = data[start:start + size].decode("utf-8", "replace").split("\n")
            sense = entry[1].strip() if len(entry) > 1 else ""
            if sense and not sense.startswith(("-", "(")) and parts[0] not in words:
                sense = re.sub(r"\(.*?\)", "", sense.split(";")[0].split(",")[0]).strip()
                if sense:
                    words[parts[0]] = " ".join(sense.split())
        return cls(words)

    def lookup(self, word: str) -> str | None:
        """The gloss of a word, undoing a mutation of its first letter if need be."""
        word = word.lower().replace("’", "'")
        if word not in self._memo:
            self._memo[word] = self._unmutated(word)
        return self._memo[word]

    def _unmutated(self, word: str) -> str | None:
        found = self._find(word)
        if found is not None:
            return found
        for mutated, originals in _UNMUTATE:
            if word.startswith(mutated) and len(word) > len(mutated) + 1:
                for original in originals:
                    found = self._find(original + word[len(mutated):])
                    if found is not None:
                        return found
        return None

    def _find(self, word: str) -> str | None:
        found = FUNCTION_GLOSS.get(word)
        return found if found is not None else self.words.get(word)

    def is_welsh(self, text: str) -> bool:
        """Tell Welsh text: marker words, or most words found in the Welsh dictionary."""
        words = [w.lower().replace("’", "'") for w in _TOKEN.findall(text) if w[0].isalpha()]
        if not words:
            return False
        markers = sum(1 for w in words if w in MARKERS or w.split("'")[0] in MARKERS)
        if not markers:  # every Welsh sentence has one; most English ones have none
            return False
        known = sum(1 for w in words if self.lookup(w) is not None)
        english = sum(1 for w in words if w in _ENGLISH)
        return markers >= 2 and english * 2 < len(words) or \
            known >= 0.6 * len(words) and english * 3 < len(words)

    def gloss(self, text: str) -> str:
        """An English word-by-word reading of a Welsh text (unknown words kept as they are)."""
        out: list[str] = []
        for token in _TOKEN.findall(text):
            pieces = re.split(r"(?<=\w)(?=['’][rn]\b)", token)
            for piece in pieces:
                found = self.lookup(piece) if piece.lstrip("'’")[:1].isalpha() else None
                if found is None:
                    out.append(piece)
                elif found:
                    out.append(found)
        return " ".join(out)


# Common English words, so a mixed or English text is not taken for Welsh.
_ENGLISH_WORDS = """
the and to of in is it for on with at be this that we you they are was not no can have
please our my bus need want more would like there when so but or from get day club room
"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


_loaded: Glossary | None = None
_problem = ""
_lock = threading.Lock()


def glossary() -> Glossary | None:
    """The glossary, loaded once per process; None when it cannot be used (see problem())."""
    global _loaded, _problem
    with _lock:
        if _loaded is None and not _problem:
            try:
                _loaded = Glossary.load()
            except GlossaryUnavailable as error:
                _problem = str(error)
        return _loaded


def problem() -> str:
    """Why the glossary is not in use ("" when it is)."""
    glossary()
    return _problem


def forget() -> None:
    global _loaded, _problem
    with _lock:
        _loaded, _problem = None, ""

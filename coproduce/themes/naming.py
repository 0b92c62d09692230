"""Names for automatic themes: a short phrase drawn from the voices, as a coordinator writes.

A name is the 2-5 word phrase (e.g. "trip to the seaside", "transport to the lunch club")
that many of a theme's voices use and few of the others do; it starts and ends on a word
that carries meaning, so "to the" or "please can we" never make a name. When no phrase is
shared, the two most distinctive words are joined ("Showers and laundry"). A theme keeps its
earlier automatic name while its voices still speak of it, so regrouping does not rename it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .grouping import stop_words

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
MAX_WORDS = 5
# Words that may sit inside a phrase but not start or end it.
_JOINING_WORDS = "to the a an of for at in on and with from by or our my y yr i o ar a'r i'r"
_JOINING = frozenset(_JOINING_WORDS.split())


def _words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def _phrases(words: list[str], stop: frozenset[str]) -> set[str]:
    """Every run of 1-5 words that starts and ends on a content word."""
    found: set[str] = set()
    for i, first in enumerate(words):
        if first in stop or len(first) < 3:
            continue
        for j in range(i, min(len(words), i + MAX_WORDS)):
            last = words[j]
            if last not in stop and len(last) >= 3:
                inner = words[i + 1:j]
                if all(w in _JOINING or w not in stop for w in inner):
                    found.add(" ".join(words[i:j + 1]))
            elif last not in _JOINING:
                break
    return found


def phrases(texts: Sequence[str], groups: Sequence[Sequence[int]],
            vectors: np.ndarray | None = None) -> list[str]:
    """One name per group ("" when nothing fits), from the words of its voices."""
    stop = frozenset(stop_words())
    per_text = [_phrases(_words(t), stop) for t in texts]
    everywhere: Counter[str] = Counter()
    for found in per_text:
        everywhere.update(found)
    total = max(1, len(texts))
    names = []
    for members in groups:
        inside: Counter[str] = Counter()
        for i in members:
            inside.update(per_text[i])
        size = max(1, len(members))
        outside_size = max(1, total - size)
        best, best_score = "", 0.0
        for phrase, count in inside.items():
            length = phrase.count(" ") + 1
            if count < 2 or (length > 1 and count < max(2, 0.08 * size)):
                continue
            share = count / size
            elsewhere = (everywhere[phrase] - count) / outside_size
            score = share * math.log((share + 0.01) / (elsewhere + 0.01))
            score *= 1.0 + 0.35 * min(length - 1, 2) - 0.1 * max(0, length - 3)
            if score > best_score:
                best, best_score = phrase, score
        names.append(_readable(best, inside, stop))
    return names


def _readable(phrase: str, inside: Counter[str], stop: frozenset[str]) -> str:
    """Capitalise; a single word gains its best companion ("Showers and laundry")."""
    if not phrase:
        return ""
    if " " not in phrase:
        companions = [p for p, c in inside.most_common() if " " not in p and p != phrase
                      and c >= 2 and not p.startswith(phrase[:4]) and not phrase.startswith(p[:4])]
        if companions:
            phrase = f"{phrase} and {companions[0]}"
    return phrase[0].upper() + phrase[1:]


def keep_stable(previous: str, proposed: str, member_texts: Sequence[str]) -> str:
    """Keep an earlier automatic name while a quarter of the theme's voices still use it."""
    if not previous:
        return proposed
    stop = frozenset(stop_words())
    key = [w[:5] for w in _words(previous) if w not in stop and w != "and"]
    if not key:
        return proposed
    using = sum(1 for t in member_texts if set(key) & {w[:5] for w in _words(t)})
    return previous if using >= 0.25 * max(1, len(member_texts)) else proposed

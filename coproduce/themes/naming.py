"""Names for automatic themes: a short phrase drawn from the voices, as a coordinator writes.

A name is a phrase of 1-5 words that several of a theme's voices use ("lunch club", "bins
and recycling"); it starts and ends on a word that carries meaning, so "to the", "please can
we" or "twice a week" never make a name. In the worker the candidates are embedded and the
one nearest the theme's centre (and furthest from the other themes') wins, two single words
joined with "and" included; on a page, which only reads stored vectors, the most
distinctive phrase is taken. A theme keeps its earlier automatic name while its voices
still speak of it, so regrouping does not rename it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import welsh
from .grouping import stop_words, unit_rows

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
MAX_WORDS = 5
# Words that may sit inside a phrase but not start or end it.
_JOINING_WORDS = "to the a an of for at in on and with from by or our my y yr i o ar a'r i'r"
_JOINING = frozenset(_JOINING_WORDS.split())
# Words that may end a phrase of two or more though they say nothing alone.
_ENDING = frozenset({"people", "group", "groups", "help"})


def _words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def _phrases(words: list[str], stop: frozenset[str],
             generic: frozenset[str] = frozenset()) -> set[str]:
    """Every run of 1-5 words that starts and ends on a content word: a word of `generic`
    may start a phrase or sit inside one ("hot meals") but not end it or stand alone, and
    "people" or "group" may end one ("young people", "support group")."""
    found: set[str] = set()
    for i, first in enumerate(words):
        if first in stop or len(first) < 3:
            continue
        for j in range(i, min(len(words), i + MAX_WORDS)):
            last = words[j]
            ends = (last not in stop and last not in generic) or (j > i and last in _ENDING)
            if ends and len(last) >= 3:
                inner = words[i + 1:j]
                if all(w in _JOINING or w not in stop for w in inner):
                    found.add(" ".join(words[i:j + 1]))
            elif last not in _JOINING and last not in generic:
                break
    return found


# Words a coordinator would not name a theme by, though they recur in what people say: times
# and days, everyday verbs, adjectives and fillers, family words. They may start a phrase or
# sit inside one ("hot meals", "Monday club"), but never end it or stand alone.
_GENERIC_WORDS = """
year years week weeks month months day days night nights morning mornings afternoon evening
evenings today tonight tomorrow yesterday weekend weekends summer winter autumn spring time
times monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
thursdays fridays saturdays sundays january february march april
june july august september october november december twice once ever never always often
thing things place way ways lot lots bit feel feels felt make makes made making don't can't
i'm i've i'd i'll it's that's there's doesn't didn't isn't won't wasn't aren't haven't we're
they're you're he's she's let's ago last next first every many much more less most least
good great nice lovely better best bad worse worst big small little long short sure ahead
going go goes went come comes came coming take takes took keep keeps kept give gives gave
know knew tell told see saw seen look looks looked use used using try tried trying put
left leave stop stopped start started ring back away home round around right able
person someone anyone everyone nobody somebody something anything everything nothing
mum dad son daughter husband wife family friend friends young old older hot open opened
broken happens happen happened west east north south
ond bob dim does mwy nawr wythnos blwyddyn diwrnod amser rwy dw yw oedd bydd fydd rhaid
gallu cael mynd dod gwneud gweld eisiau isio moyn plis diolch fawr rhywun pawb mae'r
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
CANDIDATES = 25  # phrases per theme considered for its name
PAIRED = 4  # of which the best single words may pair up ("Bins and recycling")
SAME_MEANING = 0.7  # two words this similar say one thing twice ("heat and heating")

Place = Callable[[list[str]], np.ndarray]


def _fold(phrase: str) -> str:
    """One key for "bin" and "bins", "heat" and "heating", so their counts add up."""
    return " ".join(w[:-3] if len(w) > 5 and w.endswith("ing") else
                    w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in phrase.split())


@dataclass
class _Candidate:
    key: str  # the folded phrase
    text: str  # the way the theme's voices most often write it
    share: float  # of the theme's voices that use it
    lexical: float  # how much more the theme uses it than the others do


def candidates(texts: Sequence[str], groups: Sequence[Sequence[int]],
               limit: int = CANDIDATES) -> list[list[_Candidate]]:
    """Per group, the phrases (of 2 voices or more) it uses most distinctively, best first."""
    stop = frozenset(stop_words())
    per_text: list[dict[str, str]] = []
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    everywhere: Counter[str] = Counter()
    for text in texts:
        found = {_fold(p): p for p in _phrases(_words(text), stop, _GENERIC)}
        per_text.append(found)
        everywhere.update(found.keys())
        for key, phrase in found.items():
            surface[key][phrase] += 1
    total = max(1, len(texts))
    out = []
    for members in groups:
        inside: Counter[str] = Counter()
        for i in members:
            inside.update(per_text[i].keys())
        size = max(1, len(members))
        outside_size = max(1, total - size)
        found_here = []
        # Phrases two voices share; when none is, single words of one voice will do.
        least = 2 if any(c >= 2 for c in inside.values()) else 1
        for key, count in inside.items():
            length = key.count(" ") + 1
            if count < least or (length > 1 and count < max(2, 0.08 * size)):
                continue
            share = count / size
            elsewhere = (everywhere[key] - count) / outside_size
            lexical = share * math.log((share + 0.01) / (elsewhere + 0.01))
            lexical *= 1.0 + 0.35 * min(length - 1, 2) - 0.1 * max(0, length - 3)
            found_here.append(_Candidate(key, surface[key].most_common(1)[0][0], share, lexical))
        found_here.sort(key=lambda c: (-c.lexical, c.key))
        out.append(found_here[:limit])
    return out


def phrases(texts: Sequence[str], groups: Sequence[Sequence[int]],
            vectors: np.ndarray | None = None, place: Place | None = None) -> list[str]:
    """One name per group ("" when nothing fits), from the words of its voices.

    With `vectors` (the voices' rows) and `place` (which embeds phrases into the same space,
    in the worker), a candidate is chosen for how near it is to the theme's centre and how
    far from the others', so "Bins and recycling" beats "Weeks and doctor". Without them
    (a page reading stored vectors only) the most distinctive phrase is chosen.
    """
    found = candidates(texts, groups)
    if vectors is None or place is None or not any(found):
        return [_readable(c[0].text, [x.text for x in c[1:] if " " not in x.text]) if c else ""
                for c in found]
    centres = unit_rows(np.stack([vectors[list(g)].mean(axis=0) for g in groups]))
    keys = sorted({c.text for group in found for c in group})
    rows = place(keys)
    where = {k: i for i, k in enumerate(keys)}
    similarity = rows @ centres.T

    def score(near: np.ndarray, group: int, share: float) -> float:
        others = np.delete(near, group)
        return float(near[group] - 0.5 * (others.max() if len(others) else 0.0) + 0.5 * share)

    options: list[list[tuple[float, str]]] = [
        [(score(similarity[where[c.text]], n, c.share), c.text) for c in group]
        for n, group in enumerate(found)]
    pairs: list[tuple[int, str, float]] = []
    for n, group in enumerate(found):
        singles = sorted(((score(similarity[where[c.text]], n, c.share), c) for c in group
                          if " " not in c.text), key=lambda s: -s[0])[:PAIRED]
        for (_, first), (_, second) in itertools.combinations(singles, 2):
            if float(rows[where[first.text]] @ rows[where[second.text]]) <= SAME_MEANING \
                    and not _translations(first.text, second.text):
                pairs.append((n, f"{first.text} and {second.text}",
                              (first.share + second.share) / 2))
    if pairs:
        near = place([p for _, p, _ in pairs]) @ centres.T
        for (n, phrase, share), row in zip(pairs, near, strict=True):
            options[n].append((score(row, n, share), phrase))
    return [_capital(max(o)[1]) if o else "" for o in options]


def _translations(first: str, second: str) -> bool:
    """ "online" and "ar-lein": a bilingual theme's two words for one thing."""
    glossary = welsh.glossary()
    if glossary is None:
        return False
    return any((glossary.lookup(b) or glossary.lookup(b.replace("-", "")) or "")
               .lower().startswith(a[:4]) for a, b in ((first, second), (second, first)))


def _capital(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:] if phrase else ""


def _readable(phrase: str, companions: Sequence[str]) -> str:
    """Capitalise; a single word gains its best companion ("Showers and laundry")."""
    if not phrase:
        return ""
    if " " not in phrase:
        fitting = [p for p in companions if p != phrase and not p.startswith(phrase[:4])
                   and not phrase.startswith(p[:4])]
        if fitting:
            phrase = f"{phrase} and {fitting[0]}"
    return _capital(phrase)


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

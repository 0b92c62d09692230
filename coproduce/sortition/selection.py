"""Stratified random selection of a panel (sortition), checkable from a published seed.

Two algorithms:

- **maximin** (Flanigan et al., Nature 2021): find a portfolio of panels that each meet every
  quota, and the lottery over them that makes the lowest chance of any volunteer as high as
  the quotas allow. Panels are found by integer programming with HiGHS (scipy.optimize.milp);
  the lottery is a linear programme (scipy.optimize.linprog).
- **legacy**: the Sortition Foundation's older greedy draw: pick, at random, someone from the
  category furthest below its minimum, until the panel is full; start again if a quota breaks.

Checking a draw: the portfolio and its probabilities are published; the seed then picks one
panel with Python's `random.Random(seed).random()` against the cumulative probabilities of the
portfolio in its published order. Anyone can repeat that step and get the same panel.
"""

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


class QuotaError(ValueError):
    """The quotas cannot be met; the message names the feature and what to relax."""


@dataclass
class Quota:
    feature: str
    value: str
    min: int
    max: int


@dataclass
class Result:
    algorithm: str
    seed: str
    panel: list[str]
    probabilities: dict[str, float]
    portfolio: list[tuple[list[str], float]] = field(default_factory=list)
    reserves: list[str] = field(default_factory=list)

    @property
    def lowest_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0

    def as_json(self) -> dict[str, object]:
        return {"algorithm": self.algorithm, "seed": self.seed, "panel": self.panel,
                "probabilities": self.probabilities,
                "lowest_probability": self.lowest_probability, "reserves": self.reserves}


@dataclass
class Pool:
    ids: list[str]
    features: dict[str, dict[str, str]]  # person id -> feature -> value
    households: dict[str, str] = field(default_factory=dict)  # person id -> household key


def check(pool: Pool, quotas: Sequence[Quota], size: int) -> None:
    """Refuse, before any draw, quotas that no panel could meet."""
    if len(pool.ids) < size:
        raise QuotaError(gettext("The pool has %(n)s people, fewer than the panel of %(size)s.")
                         % {"n": len(pool.ids), "size": size})
    by_feature: dict[str, list[Quota]] = {}
    for quota in quotas:
        by_feature.setdefault(quota.feature, []).append(quota)
        named = {"feature": quota.feature, "value": quota.value}
        if quota.min > quota.max:
            raise QuotaError(gettext("%(feature)s = %(value)s: the minimum is above the maximum.")
                             % named)
        have = sum(1 for pid in pool.ids if pool.features[pid].get(quota.feature) == quota.value)
        if have < quota.min:
            raise QuotaError(gettext("%(feature)s = %(value)s: the minimum is %(min)s but only "
                                 "%(have)s in the pool; lower the minimum to %(have)s or "
                                 "recruit.") % {**named, "min": quota.min, "have": have})
    for feature, group in by_feature.items():
        low, high = sum(q.min for q in group), sum(q.max for q in group)
        if low > size:
            raise QuotaError(gettext("%(feature)s: the minimums add up to %(low)s, more than the "
                                 "panel of %(size)s; lower them by %(by)s.")
                             % {"feature": feature, "low": low, "size": size, "by": low - size})
        values = {q.value for q in group}
        uncovered = sum(1 for pid in pool.ids if pool.features[pid].get(feature) not in values)
        if high + uncovered < size:
            raise QuotaError(gettext("%(feature)s: the maximums allow only %(high)s people, fewer "
                                 "than the panel of %(size)s; raise them by %(by)s.")
                             % {"feature": feature, "high": high + uncovered, "size": size,
                                "by": size - high - uncovered})


def constraints(pool: Pool, quotas: Sequence[Quota], size: int) -> list[LinearConstraint]:
    n = len(pool.ids)
    rows, lower, upper = [np.ones(n)], [size], [size]
    for quota in quotas:
        rows.append(np.array([1.0 if pool.features[pid].get(quota.feature) == quota.value
                              else 0.0 for pid in pool.ids]))
        lower.append(quota.min)
        upper.append(quota.max)
    for members in households(pool).values():
        if len(members) > 1:
            rows.append(np.array([1.0 if pid in members else 0.0 for pid in pool.ids]))
            lower.append(0)
            upper.append(1)
    return [LinearConstraint(np.vstack(rows), lower, upper)]


def households(pool: Pool) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for pid, key in pool.households.items():
        if key:
            groups.setdefault(key, set()).add(pid)
    return groups


def best_panel(pool: Pool, cons: list[LinearConstraint], weights: np.ndarray) -> list[int] | None:
    """The quota-meeting panel of greatest total weight (HiGHS), or None if there is none."""
    n = len(pool.ids)
    found = milp(-weights, constraints=cons, integrality=np.ones(n), bounds=Bounds(0, 1))
    if found.x is None:
        return None
    return [i for i in range(n) if found.x[i] > 0.5]


def maximin(pool: Pool, quotas: Sequence[Quota], size: int, seed: str,
            rounds: int = 200) -> Result:
    """Maximise the lowest selection probability over a portfolio of valid panels."""
    check(pool, quotas, size)
    cons, n = constraints(pool, quotas, size), len(pool.ids)
    portfolio: list[frozenset[int]] = []
    rng = np.random.default_rng(random.Random(seed).getrandbits(32))
    # Start with panels favouring different people, so that everyone who can sit on a panel
    # appears in at least one.
    for _ in range(min(n, 20)):
        panel = best_panel(pool, cons, rng.random(n))
        if panel is None:
            raise QuotaError(gettext("No panel meets all the quotas together: relax the "
                                     "tightest minimums or maximums."))
        portfolio.append(frozenset(panel))
    probs, duals, value = lottery(portfolio, n)
    for _ in range(rounds):
        panel = best_panel(pool, cons, duals)
        if panel is None or sum(duals[i] for i in panel) <= value + 1e-9:
            break
        if frozenset(panel) in portfolio:
            break
        portfolio.append(frozenset(panel))
        probs, duals, value = lottery(portfolio, n)
    kept = [(sorted(pool.ids[i] for i in p), float(q)) for p, q in zip(portfolio, probs,
                                                                      strict=True) if q > 1e-9]
    total = sum(q for _p, q in kept)
    kept = [(p, q / total) for p, q in kept]
    chance: dict[str, float] = dict.fromkeys(pool.ids, 0.0)
    for members, q in kept:
        for pid in members:
            chance[pid] += q
    chosen = draw(kept, seed)
    return Result("maximin", seed, chosen, {pid: round(chance[pid], 6) for pid in pool.ids},
                  kept, reserves(pool, chosen, seed))


def lottery(portfolio: list[frozenset[int]], n: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The probabilities over the portfolio that maximise the lowest chance, and the
    weights (duals) that say who needs more chances."""
    k = len(portfolio)
    # variables: k panel probabilities, then z; maximise z
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    a_ub = np.zeros((n, k + 1))
    for j, panel in enumerate(portfolio):
        for i in panel:
            a_ub[i, j] = -1.0
    a_ub[:, -1] = 1.0
    a_eq = np.zeros((1, k + 1))
    a_eq[0, :k] = 1.0
    solved = linprog(cost, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=[1.0],
                     bounds=[(0, 1)] * k + [(0, 1)], method="highs")
    duals = -np.asarray(solved.ineqlin.marginals)
    return solved.x[:k], duals, float(solved.x[-1])


def draw(portfolio: list[tuple[list[str], float]], seed: str) -> list[str]:
    """Pick one panel from the published portfolio with the seed (anyone can repeat this)."""
    point, running = random.Random(seed).random(), 0.0
    for members, probability in portfolio:
        running += probability
        if point < running:
            return members
    return portfolio[-1][0]


def legacy(pool: Pool, quotas: Sequence[Quota], size: int, seed: str,
           estimate_runs: int = 300) -> Result:
    """The older greedy draw; chances are estimated by repeating it from derived seeds."""
    check(pool, quotas, size)
    panel = legacy_once(pool, quotas, size, random.Random(seed))
    chance = Counter[str]()
    for run in range(estimate_runs):
        for pid in legacy_once(pool, quotas, size, random.Random(f"{seed}/{run}")):
            chance[pid] += 1
    return Result("legacy", seed, panel,
                  {pid: round(chance[pid] / estimate_runs, 6) for pid in pool.ids},
                  reserves=reserves(pool, panel, seed))


def legacy_once(pool: Pool, quotas: Sequence[Quota], size: int, rng: random.Random,
                attempts: int = 100) -> list[str]:
    for _ in range(attempts):
        panel = legacy_attempt(pool, quotas, size, rng)
        if panel is not None:
            return sorted(panel)
    raise QuotaError(gettext("The legacy draw could not meet the quotas: try maximin, or relax "
                       "them."))


def legacy_attempt(pool: Pool, quotas: Sequence[Quota], size: int, rng: random.Random
                   ) -> list[str] | None:
    left, taken = sorted(pool.ids), Counter[tuple[str, str]]()
    panel: list[str] = []
    house = pool.households
    while len(panel) < size:
        candidates = [pid for pid in left if fits(pool, quotas, taken, pid)]
        if not candidates:
            return None
        need = [q for q in quotas if taken[(q.feature, q.value)] < q.min]
        if need:
            # the category with most still needed for the people left in it
            target = max(need, key=lambda q: urgency(pool, taken, candidates, q))
            candidates = [pid for pid in candidates
                          if pool.features[pid].get(target.feature) == target.value]
            if not candidates:
                return None
        chosen = rng.choice(candidates)
        panel.append(chosen)
        for q in quotas:
            if pool.features[chosen].get(q.feature) == q.value:
                taken[(q.feature, q.value)] += 1
        left = [pid for pid in left if pid != chosen and not (
            house.get(chosen) and house.get(pid) == house.get(chosen))]
    if any(taken[(q.feature, q.value)] < q.min for q in quotas):
        return None
    return panel


def fits(pool: Pool, quotas: Sequence[Quota], taken: Counter[tuple[str, str]], pid: str
         ) -> bool:
    return all(taken[(q.feature, q.value)] < q.max for q in quotas
               if pool.features[pid].get(q.feature) == q.value)


def urgency(pool: Pool, taken: Counter[tuple[str, str]], candidates: list[str], q: Quota
            ) -> float:
    have = sum(1 for pid in candidates if pool.features[pid].get(q.feature) == q.value)
    return (q.min - taken[(q.feature, q.value)]) / max(have, 1)


def reserves(pool: Pool, panel: list[str], seed: str, count: int = 5) -> list[str]:
    """An ordered reserve list drawn with the same seed, for replacing those who drop out."""
    rest = sorted(set(pool.ids) - set(panel))
    random.Random(f"{seed}/reserves").shuffle(rest)
    return rest[:count]


def replacement(pool: Pool, quotas: Sequence[Quota], panel: list[str], leaving: str,
                reserve: list[str]) -> str | None:
    """The first reserve who keeps every quota when they take the leaver's place."""
    for candidate in reserve:
        trial = [pid for pid in panel if pid != leaving] + [candidate]
        if meets(pool, quotas, trial):
            return candidate
    return None


def meets(pool: Pool, quotas: Sequence[Quota], panel: Sequence[str]) -> bool:
    counts = Counter((f, v) for pid in panel for f, v in pool.features[pid].items())
    if any(not (q.min <= counts[(q.feature, q.value)] <= q.max) for q in quotas):
        return False
    keys = [pool.households.get(pid) for pid in panel if pool.households.get(pid)]
    return len(keys) == len(set(keys))

"""The results in plain words: what the rule is, and why each project won or lost."""

from typing import Any

from django.utils.translation import gettext as _

from coproduce.lib import smallnumbers

from .models import Process, Rule

RULE_IN_WORDS = {
    Rule.GREEDY: _("The projects were put in order of votes, most first. Going down the list, "
                   "each project was funded if the money left could pay for it; a project that "
                   "cost more than was left was passed over, and the next one tried."),
    Rule.GREEDY_NO_SKIP: _("The projects were put in order of votes, most first, and funded in "
                           "that order until the first one that cost more than the money left; "
                           "counting stopped there."),
    Rule.MES: _("Method of Equal Shares: the budget was shared out equally among the voters. "
                "A project was funded when the voters who chose it could pay for it together "
                "from their shares, and the project whose supporters each had to pay least was "
                "funded first. When no more projects could be paid for, every voter's share was "
                "raised by £1 at a time and the count repeated, for as long as the winners still "
                "fitted the real budget (the 'add one' completion)."),
    Rule.MES_GREEDY: _("Method of Equal Shares with completion, as above; then any money left "
                       "was spent on the projects with most votes that still fitted."),
    Rule.PHRAGMEN: _("Sequential Phragmén: each voter earns money at the same steady rate. As "
                     "soon as the supporters of a project have earned enough together to pay "
                     "for it, it is funded and their money is spent; counting goes on while "
                     "the budget allows."),
}

REASONS = {
    "funded": _("Funded."),
    "too_expensive": _("Not funded: it cost more than the money left."),
    "below_threshold": _("Not funded: it had less support than the minimum needed."),
    "stopped": _("Not funded: counting stopped at the first project that did not fit."),
    "not_enough_support": _("Not funded: its supporters' shares could not pay for it before "
                            "the budget was spent on projects with wider support."),
}


def shown(count: float) -> str:
    """Counts of 1 to 4 are hidden (the small-number rule)."""
    return smallnumbers.shown(float(count))


def explanation(process: Process) -> dict[str, Any]:
    result = process.result or {}
    by_key = {p.key: p for p in process.proposals.all()}
    steps = [{**step, "proposal": by_key.get(step["project"]), "votes": shown(step["score"]),
              "why": REASONS[step["reason"]]} for step in result.get("steps", [])]
    voters = result.get("voters", 0)
    with_winner = result.get("voters_with_a_winner", 0)
    greedy = [by_key[k] for k in result.get("greedy_selected", []) if k in by_key]
    return {
        "rule_in_words": RULE_IN_WORDS.get(Rule(process.rule), ""),
        "steps": steps, "winners": [s for s in steps if s["won"]],
        "losers": [s for s in steps if not s["won"]],
        "voters": shown(voters),
        "share_with_winner": round(100 * with_winner / voters) if voters else 0,
        "greedy": greedy, "greedy_differs": [p.key for p in greedy] != result.get("selected"),
        "share_before": result.get("per_voter_share_before"),
        "share_after": result.get("per_voter_share_after"),
        "spent": result.get("cost", 0),
    }

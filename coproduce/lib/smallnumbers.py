"""The small-number rule: a count of 1 to 4 people could point at someone, so those who may
see aggregates only (viewers, funders, the public) are shown "fewer than 5" instead.

Every page and export that shows such a viewer a count about people (or respondents, voters,
voices) goes through these functions, so the rule is the same everywhere. The threshold is
the setting COPRODUCE_SMALL_NUMBER (5 unless set), read when asked, never at import.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    """The fewest people a count may have to be shown (COPRODUCE_SMALL_NUMBER, default 5)."""
    return int(getattr(settings, "COPRODUCE_SMALL_NUMBER", 5))


def is_small(count: float | None) -> bool:
    """Whether `count` is one the rule hides (zero is never hidden: it points at nobody)."""
    return count is not None and 0 < count < threshold()


def fewer_than() -> str:
    return _("fewer than %(n)s") % {"n": threshold()}


def shown(count: float | None, hide: bool = True) -> str:
    """The count as text, or "fewer than 5" when it is small and `hide` is true."""
    if count is None:
        return ""
    if hide and is_small(count):
        return fewer_than()
    return f"{count:g}" if isinstance(count, float) else str(count)

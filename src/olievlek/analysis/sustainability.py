"""The sustainability monitor: key factors in themes, scored red/orange/green per unit.

Network 08 monitors key factors of sustainable innovation with traffic lights per MIEC. The
default instrument follows its four themes; the factors are olievlek's own, written by the
team (they are not network 08's wording). A network may change its instrument.

Examples
--------
>>> rows = [("r1", "u", "urgentie", "red"), ("r2", "u", "urgentie", "green")]
>>> grid(rows, "r2", previous="r1")[0]["change"]
2
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["DEFAULT_FACTORS", "DEFAULT_THEMES", "SCORE_VALUES", "grid", "previous_round"]

# (id, Dutch name, English name)
DEFAULT_THEMES = (
    ("urgentie-relevantie", "Urgentie en relevantie", "Urgency and relevance"),
    ("structuur-middelen", "Structuurfactoren en middelen", "Structure and resources"),
    ("strategie", "Strategie", "Strategy"),
    ("cultuur", "Culturele factoren", "Cultural factors"),
)
# (id, theme id, Dutch text, English text): olievlek's own default factors.
DEFAULT_FACTORS = (
    ("urgentie", "urgentie-relevantie", "De urgentie van de vernieuwing wordt breed gedeeld",
     "The urgency of the innovation is widely shared"),
    ("relevantie", "urgentie-relevantie", "De opbrengsten doen ertoe in de dagelijkse praktijk",
     "The results matter in daily practice"),
    ("tijd", "structuur-middelen", "Deelnemers krijgen tijd en facilitering",
     "Participants are given time and support"),
    ("financiering", "structuur-middelen", "Er is geld voorbij de subsidieperiode",
     "There is money beyond the grant period"),
    ("overlegstructuur", "structuur-middelen", "De werkwijze heeft een plek in vaste overleggen",
     "The way of working has a place in regular meetings"),
    ("visie", "strategie", "Er is een gedeelde visie en een gedeeld doel",
     "There is a shared vision and goal"),
    ("beleid", "strategie", "De vernieuwing staat in het beleid van de partners",
     "The innovation is part of the partners' policy"),
    ("leiderschap", "strategie", "Leiderschap is gespreid en draagt de vernieuwing",
     "Leadership is distributed and carries the innovation"),
    ("onderzoekende-houding", "cultuur", "Teams hebben een onderzoekende houding",
     "Teams have an inquiring attitude"),
    ("vertrouwen", "cultuur", "Partners vertrouwen elkaar en delen kennis open",
     "Partners trust each other and share knowledge openly"),
    ("eigenaarschap", "cultuur", "Deelnemers voelen zich eigenaar",
     "Participants feel ownership"),
)
SCORE_VALUES = {"red": 0, "orange": 1, "green": 2}


def previous_round(rounds: list[str], current: str) -> str | None:
    """The round before ``current`` in ``rounds`` (ordered oldest first), or None."""
    i = rounds.index(current) if current in rounds else -1
    return rounds[i - 1] if i > 0 else None


def grid(scores: Iterable[tuple[str, str, str, str]], current: str,
         previous: str | None = None) -> list[dict[str, Any]]:
    """The factor x unit traffic lights of round ``current``: one dict per scored cell with
    ``unit, factor, score, before`` (the score of round ``previous``, or None) and ``change``
    (steps between red 0, orange 1 and green 2; positive is better; None without a before)."""
    now: dict[tuple[str, str], str] = {}
    then: dict[tuple[str, str], str] = {}
    for rnd, unit, factor, score in scores:
        if rnd == current:
            now[(unit, factor)] = score
        elif previous is not None and rnd == previous:
            then[(unit, factor)] = score
    out = []
    for (unit, factor), score in sorted(now.items()):
        before = then.get((unit, factor))
        change = SCORE_VALUES[score] - SCORE_VALUES[before] if before else None
        out.append({"unit": unit, "factor": factor, "score": score, "before": before,
                    "change": change})
    return out

"""The items of the study's social-network questionnaire (Bijlage 3 of the interim report).

The msgids are English, in the context "questionnaire" (so no other app's catalogue can
replace them); the Dutch translations in this app's ``django.po`` are the report's
wording, letter for letter (typographic apostrophes included), so the Dutch questionnaire
asks exactly what the study asked. Answer categories are those of Tables 5.1-5.3; the scale
points between the report's end points (nooit ... heel vaak, erg onbruikbaar ... erg
bruikbaar) are the codes of ``docs/formats.md``.

Background answers are written to the person's record on submit (``field``): "role within
the network" goes to ``Person.function``, the others to the field of the same meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Item:
    id: str
    text: object  # a lazy translation, or plain text for an item a wave added
    kind: str  # "name", "text", "textarea", "choice"
    field: str = ""  # Person field the answer is written to on submit
    choices: tuple = ()  # (code, label) pairs


INVOLVEMENT = (
    ("0-3m", pgettext_lazy("questionnaire", "0-3 months")),
    ("3-6m", pgettext_lazy("questionnaire", "3-6 months")),
    ("6-12m", pgettext_lazy("questionnaire", "6-12 months")),
    ("1-2y", pgettext_lazy("questionnaire", "1-2 years")),
    ("2-5y", pgettext_lazy("questionnaire", "2-5 years")),
    ("5y+", pgettext_lazy("questionnaire", "Longer than 5 years")),
)
EDUCATION = (
    ("mbo", pgettext_lazy("questionnaire", "mbo")),
    ("hbo", pgettext_lazy("questionnaire", "hbo")),
    ("universiteit", pgettext_lazy("questionnaire", "university")),
    ("phd", pgettext_lazy("questionnaire", "PhD")),
    ("anders", pgettext_lazy("questionnaire", "other")),
)
YEARS_IN_EDUCATION = (
    ("<1", pgettext_lazy("questionnaire", "Less than a year")),
    ("1-15", pgettext_lazy("questionnaire", "1-15 years")),
    ("15+", pgettext_lazy("questionnaire", "Longer than 15 years")),
)

BACKGROUND: tuple[Item, ...] = (
    Item("naam", pgettext_lazy("questionnaire", "Name"), "name"),
    Item("rol", pgettext_lazy("questionnaire", "Role within the network"), "text", field="function"),
    Item("jaren_betrokken", pgettext_lazy("questionnaire", "Number of years involved in this network"), "choice",
         field="involvement", choices=INVOLVEMENT),
    Item("opleidingsniveau", pgettext_lazy("questionnaire", "Highest level of education"), "choice",
         field="education_level", choices=EDUCATION),
    Item("expertise", pgettext_lazy("questionnaire", "Substantive expertise"), "textarea", field="expertise"),
    Item("jaren_onderwijs", pgettext_lazy("questionnaire", "Number of years working in education"), "choice",
         field="years_in_education", choices=YEARS_IN_EDUCATION),
)
BACKGROUND_BY_ID = {item.id: item for item in BACKGROUND}
ANSWERABLE_BACKGROUND = tuple(item for item in BACKGROUND if item.kind != "name")

PART_BACKGROUND = pgettext_lazy("questionnaire", "Background questions")
PART_RELATIONS = pgettext_lazy("questionnaire", "Relations in the network")
ADVICE_QUESTION = pgettext_lazy(
    "questionnaire",
    "How often do you ask colleagues for advice in your regional knowledge network?"
)
ADVICE_DEFINITION = pgettext_lazy(
    "questionnaire",
    "We see asking for advice as approaching a colleague who you think can help you further "
    "in working in the regional knowledge network. By working in the knowledge network we mean "
    "all the activities you carry out that belong to it."
)
ADVICE_FOLLOWUP = pgettext_lazy(
    "questionnaire",
    "Follow-up question. In the previous question you indicated that you ask the following "
    "colleagues for advice. Indicate how much you get out of the advice on average and what "
    "you ask advice about."
)
MOTIVATION_QUESTION = pgettext_lazy(
    "questionnaire",
    "How often do colleagues positively influence your motivation for working in your "
    "regional knowledge network?"
)
# The scales, end points as in the report; the points between are the codes of docs/formats.md.
FREQUENCY = (
    (1, pgettext_lazy("questionnaire", "never")),
    (2, pgettext_lazy("questionnaire", "rarely")),
    (3, pgettext_lazy("questionnaire", "sometimes")),
    (4, pgettext_lazy("questionnaire", "often")),
    (5, pgettext_lazy("questionnaire", "very often")),
)
USEFULNESS = (
    (1, pgettext_lazy("questionnaire", "very unusable")),
    (2, pgettext_lazy("questionnaire", "unusable")),
    (3, pgettext_lazy("questionnaire", "neutral")),
    (4, pgettext_lazy("questionnaire", "usable")),
    (5, pgettext_lazy("questionnaire", "very usable")),
)
TOPIC_MAX = 300
TEXT_MAX = 2000

EXTRA_KINDS = ("text", "textarea", "scale")


def extra_items(wave) -> tuple[Item, ...]:
    """Items a wave added to the study's set; a "scale" item uses the frequency scale."""
    out = []
    for raw in wave.items or []:
        kind = raw.get("kind", "text")
        choices = FREQUENCY if kind == "scale" else ()
        out.append(Item(str(raw["id"]), str(raw["text"]), "choice" if choices else kind,
                        choices=choices))
    return tuple(out)

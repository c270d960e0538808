"""The questionnaire's per-colleague parts, rendered in Python.

Every colleague on the roster gets two tick boxes (advice, motivation); the colleagues the
respondent ticked also get their follow-up questions. Through the template engine (a variable
lookup, a localised number and an escape per attribute, a translation per option) that took
about 6 ms per colleague on the shared build machine, so a flash crowd of respondents opening
their link kept the server busy for seconds and their saves waited behind it
(docs/performance.md). Here the markup is joined from strings, and the tick boxes of a
colleague nobody has ticked yet (nearly all of them) are made once per language and colleague
and then reused by every respondent of the wave.

The follow-up questions of a colleague not ticked yet are not sent at all (they were 2 KB per
colleague, 2 MB for a roster of 1,000): the page carries one ``<template>`` per relation
(:func:`detail_templates`) from which ``questionnaire.js`` makes them when a colleague is
ticked. Without JavaScript nothing changes for the respondent: ticked colleagues' questions
appear once the form is saved, as before.

Rows are ``(unit, [{"p": person, "adv": answer or None, "mot": answer or None}, ...])``
as the questionnaire view builds them.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy wrapper

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import items as I


class _Texts:
    """The labels of one language, translated and escaped once."""

    def __init__(self):
        self.frequency = [(code, escape(str(label))) for code, label in I.FREQUENCY]
        self.usefulness = [(code, escape(str(label))) for code, label in I.USEFULNESS]
        self.how_often = escape(_("How often do you ask for advice?"))
        self.how_useful = escape(_("How much do you get out of the advice on average?"))
        self.about = escape(_("What do you ask advice about?"))


@lru_cache(maxsize=8)
def _texts(language: str) -> _Texts:
    return _Texts()


def _options(scale, chosen) -> str:
    return "".join(f'<option value="{code}"{" selected" if chosen == code else ""}>{label}</option>'
                   for code, label in scale)


def _tick(relation: str, prefix: str, pk: int, name: str, checked: bool) -> str:
    return (
        f'\n      <li data-name="{escape(name.lower())}"><input type="checkbox" id="{prefix}-tick-{pk}" '
        f'name="{relation}" value="{pk}" data-detail="{prefix}-{pk}"{" checked" if checked else ""}>\n'
        f'        <label for="{prefix}-tick-{pk}">{escape(name)}</label></li>'
    )


def _advice(t: _Texts, pk: int | str, name: str, adv: dict | None) -> str:
    given = adv or {}
    return (
        f'\n      <fieldset class="detail" id="adv-{pk}">\n'
        f'        <legend data-who>{escape(name)}</legend>\n'
        f'        <div class="field">\n'
        f'          <label for="adv-{pk}-frequency">{t.how_often}</label>\n'
        f'          <select id="adv-{pk}-frequency" name="adv-{pk}-frequency">\n'
        f'            <option value="">—</option>\n'
        f'            {_options(t.frequency, given.get("frequency"))}\n'
        f'          </select>\n        </div>\n'
        f'        <div class="field">\n'
        f'          <label for="adv-{pk}-usefulness">{t.how_useful}</label>\n'
        f'          <select id="adv-{pk}-usefulness" name="adv-{pk}-usefulness">\n'
        f'            <option value="">—</option>\n'
        f'            {_options(t.usefulness, given.get("usefulness"))}\n'
        f'          </select>\n        </div>\n'
        f'        <div class="field">\n'
        f'          <label for="adv-{pk}-topic">{t.about}</label>\n'
        f'          <input type="text" id="adv-{pk}-topic" name="adv-{pk}-topic" maxlength="300" '
        f'value="{escape(given.get("topic") or "")}">\n'
        f'        </div>\n      </fieldset>\n      '
    )


def _motivation(t: _Texts, pk: int | str, name: str, mot: dict | None) -> str:
    return (
        f'\n      <div class="detail field" id="mot-{pk}">\n'
        f'        <label for="mot-{pk}-frequency" data-who>{escape(name)}</label>\n'
        f'        <select id="mot-{pk}-frequency" name="mot-{pk}-frequency">\n'
        f'          <option value="">—</option>\n'
        f'          {_options(t.frequency, (mot or {}).get("frequency"))}\n'
        f'        </select>\n      </div>\n      '
    )


@lru_cache(maxsize=20_000)  # ~0.4 KB each: at most ~8 MB per process
def _untouched(pk: int, name: str) -> tuple[str, str]:
    """The tick boxes of a colleague the respondent has not ticked: the same for everyone."""
    return _tick("advice", "adv", pk, name, False), _tick("motivation", "mot", pk, name, False)


TEMPLATE_PK = "__pk__"  # questionnaire.js puts the colleague's id here (ids, names, for)


@lru_cache(maxsize=8)
def _templates(language: str) -> SafeString:
    t = _texts(language)
    return mark_safe(
        f'<template id="advice-template">{_advice(t, TEMPLATE_PK, "", None).strip()}</template>\n'
        f'  <template id="motivation-template">{_motivation(t, TEMPLATE_PK, "", None).strip()}</template>'
    )


def detail_templates() -> SafeString:
    """The follow-up questions of one colleague, empty, as ``<template>`` elements: the script
    copies one when a colleague is ticked, with the colleague's id and name filled in."""
    return _templates(get_language() or "nl")


def roster_parts(rows) -> dict[str, SafeString]:
    """``advice_list``, ``motivation_list`` (the tick boxes by unit) and ``advice_details``,
    ``motivation_details`` (the follow-up questions of the ticked colleagues) and
    ``detail_templates`` for the questionnaire template."""
    language = get_language() or "nl"
    t = _texts(language)
    lists: tuple[list[str], list[str]] = ([], [])
    details: tuple[list[str], list[str]] = ([], [])
    for unit, people in rows:
        head = f'<fieldset class="unit">\n    <legend>{escape(str(unit))}</legend>\n    <ul>'
        lists[0].append(head)
        lists[1].append(head)
        for row in people:
            pk, name, adv, mot = row["p"].pk, row["p"].name, row["adv"], row["mot"]
            blank = _untouched(pk, name)
            if adv:
                lists[0].append(_tick("advice", "adv", pk, name, True))
                details[0].append(_advice(t, pk, name, adv))
            else:
                lists[0].append(blank[0])
            if mot:
                lists[1].append(_tick("motivation", "mot", pk, name, True))
                details[1].append(_motivation(t, pk, name, mot))
            else:
                lists[1].append(blank[1])
        tail = "\n    </ul>\n  </fieldset>\n  "
        lists[0].append(tail)
        lists[1].append(tail)
    return {
        "advice_list": mark_safe("".join(lists[0])),
        "motivation_list": mark_safe("".join(lists[1])),
        "advice_details": mark_safe("".join(details[0])),
        "motivation_details": mark_safe("".join(details[1])),
        "detail_templates": detail_templates(),
    }

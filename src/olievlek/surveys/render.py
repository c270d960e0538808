"""The questionnaire's per-colleague parts, rendered in Python.

Every colleague on the roster gets two tick boxes (advice, motivation) and their follow-up
questions: about 2 KB of HTML each, so 200 KB for a roster of 100 and 2 MB for 1,000. Through
the template engine (a variable lookup, a localised number and an escape per attribute, a
translation per option) that took about 6 ms per colleague on the shared build machine, so a
flash crowd of respondents opening their link kept the server busy for seconds and their saves
waited behind it (docs/performance.md). Here the markup is joined from strings, and the parts
of a colleague nobody has ticked yet (nearly all of them) are made once per language and
colleague and then reused by every respondent of the wave: about 50 times faster.

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


def _advice(t: _Texts, pk: int, name: str, adv: dict | None) -> str:
    given = adv or {}
    return (
        f'\n      <fieldset class="detail" id="adv-{pk}" {"" if adv else "hidden"}>\n'
        f'        <legend>{escape(name)}</legend>\n'
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


def _motivation(t: _Texts, pk: int, name: str, mot: dict | None) -> str:
    return (
        f'\n      <div class="detail field" id="mot-{pk}" {"" if mot else "hidden"}>\n'
        f'        <label for="mot-{pk}-frequency">{escape(name)}</label>\n'
        f'        <select id="mot-{pk}-frequency" name="mot-{pk}-frequency">\n'
        f'          <option value="">—</option>\n'
        f'          {_options(t.frequency, (mot or {}).get("frequency"))}\n'
        f'        </select>\n      </div>\n      '
    )


@lru_cache(maxsize=20_000)  # ~2 KB each: at most ~40 MB per process
def _untouched(language: str, pk: int, name: str) -> tuple[str, str, str, str]:
    """A colleague the respondent has not ticked: the same for every respondent."""
    t = _texts(language)
    return (_tick("advice", "adv", pk, name, False), _tick("motivation", "mot", pk, name, False),
            _advice(t, pk, name, None), _motivation(t, pk, name, None))


def roster_parts(rows) -> dict[str, SafeString]:
    """``advice_list``, ``motivation_list`` (the tick boxes by unit) and ``advice_details``,
    ``motivation_details`` (the follow-up questions) for the questionnaire template."""
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
            blank = _untouched(language, pk, name)
            lists[0].append(_tick("advice", "adv", pk, name, True) if adv else blank[0])
            lists[1].append(_tick("motivation", "mot", pk, name, True) if mot else blank[1])
            details[0].append(_advice(t, pk, name, adv) if adv else blank[2])
            details[1].append(_motivation(t, pk, name, mot) if mot else blank[3])
        tail = "\n    </ul>\n  </fieldset>\n  "
        lists[0].append(tail)
        lists[1].append(tail)
    return {
        "advice_list": mark_safe("".join(lists[0])),
        "motivation_list": mark_safe("".join(lists[1])),
        "advice_details": mark_safe("".join(details[0])),
        "motivation_details": mark_safe("".join(details[1])),
    }

"""Search text: the one rule that turns Dutch text into index terms, for documents and queries
alike, on both databases.

Accents go (``coördinator`` -> ``coordinator``), words are lower-cased, Dutch stop words are
dropped and every word is reduced to its stem by Snowball's Dutch stemmer (the
``snowballstemmer`` package), so ``leergemeenschappen`` and ``leergemeenschap`` meet. SQLite's
FTS5 indexes these stems as they are; PostgreSQL reads the same stems with its ``dutch``
text-search configuration (PostgreSQL's own Dutch stemmer is the older Porter variant, which
leaves ``leergemeenschapp`` and ``leergemeenschap`` apart). Imports no Django.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["fold", "words", "terms", "undouble", "STOP_WORDS"]

# Snowball's Dutch stop-word list (the one PostgreSQL's ``dutch`` configuration uses), folded.
STOP_WORDS = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
andere
""".split())

_WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without accents: ``"Coördinator"`` -> ``"coordinator"``.

    >>> fold("Coördinator Één")
    'coordinator een'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, stop words left out."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]


# Snowball's Dutch stemmer spells the long vowel of an open syllable double, as Dutch does
# (``boten`` -> ``boot``), so the plural of a loanword in -or gets a stem of its own:
# ``coördinatoren`` -> ``coordinatoor`` but ``coordinator`` -> ``coordinator`` (also mentor,
# tutor, sector, factor, professor, indicator...). Such a stem loses the second ``o``. Native
# words in -oor meet themselves the same way (``kantoor``/``kantoren`` -> ``kantor``); short
# ones (``oor``, ``koor``) are left as they are.
_LOANWORD_PLURAL = re.compile(r"(?<=[^aeiou])oor$")


def undouble(stem: str) -> str:
    """``coordinatoor`` -> ``coordinator``: the -or loanword's plural stem as its singular.

    >>> undouble("coordinatoor"), undouble("kantoor"), undouble("koor"), undouble("lees")
    ('coordinator', 'kantor', 'koor', 'lees')
    """
    return _LOANWORD_PLURAL.sub("or", stem) if len(stem) > 4 else stem


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return undouble(_stemmer.stemWord(word))


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order: folded, stop words out, stemmed.

    >>> terms("De leergemeenschappen van de coördinator") == terms("leergemeenschap coordinator")
    True
    """
    out = []
    for w in words(text):
        stem = _stem(w)
        if stem and stem not in STOP_WORDS:
            out.append(stem)
    return out

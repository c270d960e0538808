"""The researchers' text: Markdown rendered to sanitised HTML, with citations.

A text cites a generated figure or table by its key and a coded quote by the coding's id:
``[[fig:sociogram]]``, ``[[table:units]]`` (both become "Figure 3" / "Table 2" with a link,
numbered as the report numbers them) and ``[[quote:42]]`` (the quote, in quotation marks,
with its source). Raw HTML in the Markdown is not allowed; the result goes through nh3
(Ammonia) so that nothing but plain formatting reaches a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import nh3
from markdown_it import MarkdownIt

CITATION = re.compile(r"\[\[(fig|table|quote):([A-Za-z0-9_-]{1,80})\]\]")
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
        "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "q", "cite",
        "span"}
ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "q": {"class"}}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
# Headings inside a section start below the section's own heading.
_md.renderer.rules["heading_open"] = (  # type: ignore[attr-defined]
    lambda tokens, idx, options, env: f"<h{min(int(tokens[idx].tag[1]) + 2, 5)}>")
_md.renderer.rules["heading_close"] = (  # type: ignore[attr-defined]
    lambda tokens, idx, options, env: f"</h{min(int(tokens[idx].tag[1]) + 2, 5)}>")


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


def citations(text: str) -> list[tuple[str, str]]:
    """The (kind, key) pairs a text cites, in order."""
    return [(m.group(1), m.group(2)) for m in CITATION.finditer(text or "")]


def resolve(kind: str, key: str, labels: dict[str, tuple[str, str]],
            quotes: dict[str, Quote]) -> str:
    """The HTML a citation becomes; an unknown one stays visible as a marked problem."""
    if kind == "quote":
        quote = quotes.get(key)
        if quote is None:
            return f'<span class="cite-missing">[[quote:{escape(key)}]]</span>'
        return f"<q>{escape(quote.text)}</q> (<cite>{escape(quote.source)}</cite>)"
    found = labels.get(key)
    if found is None:
        return f'<span class="cite-missing">[[{kind}:{escape(key)}]]</span>'
    label, anchor = found
    return f'<a href="#{escape(anchor)}">{escape(label)}</a>'


def render(text: str, labels: dict[str, tuple[str, str]] | None = None,
           quotes: dict[str, Quote] | None = None) -> str:
    """``text`` (Markdown) as sanitised HTML with its citations resolved.

    >>> render("**Zie** [[fig:a]]", {"a": ("Figuur 1", "part-a")})
    '<p><strong>Zie</strong> <a href="#part-a" rel="noopener noreferrer">Figuur 1</a></p>'
    """
    html = _md.render(text or "")
    html = CITATION.sub(lambda m: resolve(m.group(1), m.group(2), labels or {}, quotes or {}),
                        html)
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}).strip()


def plain_citations(text: str, labels: dict[str, tuple[str, str]],
                    quotes: dict[str, Quote]) -> str:
    """``text`` with citations as plain words (for DOCX): "Figuur 3", “quote” (source)."""
    def sub(m: re.Match[str]) -> str:
        kind, key = m.group(1), m.group(2)
        if kind == "quote":
            q = quotes.get(key)
            return f"“{q.text}” ({q.source})" if q else m.group(0)
        found = labels.get(key)
        return found[0] if found else m.group(0)

    return CITATION.sub(sub, text or "")


def tokens(text: str):
    """The Markdown's block tokens (for the DOCX writer)."""
    return _md.parse(text or "")

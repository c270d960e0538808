"""The system picture ("systeemplaatje"): a network's nested units as server-rendered SVG.

Each unit is a box coloured by its process (coordination, research, practice) with its kind
and level, the members who may be shown and their roles; child units are drawn inside their
parent, wrapped into rows. People in more than one unit (linking pins) are marked in every
unit they appear in. Long member lists collapse to a count so networks of 300 people stay
readable; the people table on the same page lists everyone in full.

Two steps, so the drawing can be tested without a database: ``boxes_for`` turns the
network into plain ``Box`` objects under the viewer's access mode (names, pseudonyms or only
themselves), ``render`` draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from olievlek.accounts.access import NAMES, PSEUDONYMS

from .models import FORMAL_LEADER_ROLES, PROCESS_CHOICES, Membership, Network, Unit

# Colours match --coord, --research and --practice in olievlek/site.css.
PROCESS_COLOURS = {"coordinatie": "#1f5f8b", "onderzoek": "#7b3fa0", "praktijk": "#2e7d32"}
NO_PROCESS_COLOUR = "#6b747c"
PIN_COLOUR = "#b35c00"

CANVAS_WIDTH = 1120  # fits the page's 1200px content column
BOX_WIDTH = 250  # a unit without children; four fit side by side three levels deep
PAD = 10
COLUMN = BOX_WIDTH - PAD  # a column of members in a unit wide enough for several
GAP = 10
HEADER = 40  # unit name and its kind/process/level line
NAME_LINE = 16  # each further line of a long unit name
LINE = 17  # one member
MAX_LINES = 8  # rows of members shown before the list collapses to "+ N more"
# Average character widths, for truncating text to its box (SVG text does not wrap). Generous:
# Debian's default sans (DejaVu) is wide; a cut-off name is better than one over the border.
CHAR_WIDTH = 6.6  # 12px
BOLD_WIDTH = 7.4  # 12px bold
HEADER_WIDTH = 8.2  # 13px bold


@dataclass
class Member:
    """One line in a unit: someone the viewer may see, as they may see them."""

    ref: str  # data-person: package id under names, pseudonym otherwise
    label: str
    role: str
    pin: bool = False


@dataclass
class Box:
    key: str
    name: str
    kind: str = ""
    process: str = ""
    level: str = ""
    members: list[Member] = field(default_factory=list)
    hidden: int = 0  # members the viewer may not see individually
    hidden_pins: int = 0
    children: list[Box] = field(default_factory=list)


def linking_pins(memberships: Iterable[Membership], today: dt.date) -> set[int]:
    """Ids of people with active memberships in more than one unit."""
    units: dict[int, set[int]] = {}
    for m in memberships:
        if m.is_active_on(today):
            units.setdefault(m.person_id, set()).add(m.unit_id)
    return {pid for pid, us in units.items() if len(us) > 1}


def _order(member: Member) -> tuple:
    # Linking pins and formal leaders first: they are what the picture is for.
    return (not member.pin, member.role.lower() not in FORMAL_LEADER_ROLES, member.label.lower())


def boxes_for(network: Network, viewer, mode: str, today: dt.date | None = None) -> list[Box]:
    """The network's unit tree as boxes, with members shown as ``viewer`` may see them.

    Under ``names`` and ``pseudonyms`` every active member is listed (by name or pseudonym);
    otherwise (a participant) only the viewer themselves, and the others as a count.
    """
    today = today or dt.date.today()
    units = list(Unit.objects.filter(network=network))
    memberships = list(
        Membership.objects.filter(unit__network=network).select_related("person")
    )
    pins = linking_pins(memberships, today)
    boxes = {u.pk: Box(u.key, u.name, u.kind, u.process, u.level) for u in units}
    seen: set[tuple[int, int]] = set()
    for m in memberships:
        if not m.is_active_on(today) or (m.unit_id, m.person_id) in seen:
            continue
        seen.add((m.unit_id, m.person_id))
        box = boxes[m.unit_id]
        person = m.person
        if mode in (NAMES, PSEUDONYMS) or person.pk == viewer.person_id:
            box.members.append(
                Member(viewer.reference(person, mode), viewer.label(person, mode), m.role,
                       person.pk in pins)
            )
        else:
            box.hidden += 1
            box.hidden_pins += person.pk in pins
    roots: list[Box] = []
    for u in sorted(units, key=lambda u: u.key):
        box = boxes[u.pk]
        box.members.sort(key=_order)
        (boxes[u.parent_id].children if u.parent_id else roots).append(box)
    return roots


# Layout --------------------------------------------------------------------------------


@dataclass
class _Placed:
    box: Box
    width: float
    height: float
    lines: list[tuple[str, Member | None]]  # (text kind, member): "member", "more", "hidden"
    rows: int  # lines run down ``rows`` rows, then on in the next column
    children: list[tuple[float, float, _Placed]]  # (x, y) relative to this box
    name_lines: list[str] = field(default_factory=list)  # the full unit name, wrapped
    header: float = HEADER


def _lines(box: Box, capacity: int) -> list[tuple[str, Member | None]]:
    members = box.members
    if len(members) > capacity + 1:  # never "+ 1 more": show that one instead
        shown = [("member", m) for m in members[:capacity]]
        shown.append(("more", None))
    else:
        shown = [("member", m) for m in members]
    if box.hidden:
        shown.append(("hidden", None))
    return shown


def _layout(box: Box, available: float) -> _Placed:
    # Children first: they decide the width, and a wide unit lists its members in columns.
    inner = available - 2 * PAD
    placed_children = [_layout(child, inner) for child in box.children]
    rows_of_children: list[tuple[float, float, _Placed]] = []
    x = y = row_height = widest = 0.0
    for child in placed_children:
        if x > 0 and x + child.width > inner:
            y += row_height + GAP
            x = row_height = 0.0
        rows_of_children.append((PAD + x, y, child))
        x += child.width + GAP
        row_height = max(row_height, child.height)
        widest = max(widest, x - GAP)
    children_height = (y + row_height + PAD) if placed_children else 0.0
    width = max(min(BOX_WIDTH, available), widest + 2 * PAD)

    columns = max(1, int((width - 2 * PAD) // COLUMN))
    lines = _lines(box, MAX_LINES * columns - (1 if box.hidden else 0))
    rows = -(-len(lines) // columns)  # ceiling
    # The unit's full name, wrapped over as many lines as it needs (never cut off).
    name_lines = _wrap(box.name, width - 2 * PAD - 4, HEADER_WIDTH)
    header = HEADER + NAME_LINE * (len(name_lines) - 1)
    own = header + LINE * rows + (PAD if lines else 0)
    positions = [(cx, own + cy, child) for cx, cy, child in rows_of_children]
    return _Placed(box, width, own + children_height, lines, rows, positions, name_lines, header)


def _wrap(text: str, width: float, char_width: float) -> list[str]:
    """Words onto lines of at most ``width``; a word longer than a line is split."""
    limit = max(int(width / char_width), 4)
    out: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(word[:limit])
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current] if current or not out else out


def layout(roots: list[Box], width: float = CANVAS_WIDTH) -> tuple[list[tuple[float, float, _Placed]], float, float]:
    """Top-level units wrapped into rows; returns placements and the canvas size."""
    out: list[tuple[float, float, _Placed]] = []
    x = y = row_height = widest = 0.0
    for root in roots:
        placed = _layout(root, width)
        if x > 0 and x + placed.width > width:
            y += row_height + GAP
            x = row_height = 0.0
        out.append((x, y, placed))
        x += placed.width + GAP
        row_height = max(row_height, placed.height)
        widest = max(widest, x - GAP)
    return out, max(widest, 1.0), max(y + row_height, 1.0)


# Drawing -------------------------------------------------------------------------------


def _fit(text: str, width: float, char_width: float = CHAR_WIDTH) -> str:
    limit = max(int(width / char_width), 4)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _member_text(member: Member, width: float) -> str:
    """Label and role as SVG text content; the name keeps priority over the role."""
    label_width = BOLD_WIDTH if member.pin else CHAR_WIDTH
    label = escape(_fit(member.label, width, label_width))
    room = int((width - len(member.label) * label_width) / CHAR_WIDTH) - 3  # " · "
    # Pseudonyms are made from the primary role ("leraar-3"): do not say it twice.
    said = member.label.lower().startswith(slugify(member.role) + "-") if member.role else True
    if said or room < 4:
        return label
    role = escape(member.role if len(member.role) <= room else member.role[: room - 1] + "…")
    return f'{label}<tspan fill="#5f6b73" font-weight="400"> · {role}</tspan>'


def _process_label(code: str) -> str:
    return str(dict(PROCESS_CHOICES).get(code, code))


def _draw(placed: _Placed, x: float, y: float, depth: int, out: list[str]) -> None:
    box = placed.box
    colour = PROCESS_COLOURS.get(box.process, NO_PROCESS_COLOUR)
    fill = "#ffffff" if depth % 2 == 0 else "#f6f7f9"
    w, h = placed.width, placed.height
    text_w = w - 2 * PAD
    meta = " · ".join(
        part for part in (box.kind, _process_label(box.process) if box.process else "", box.level)
        if part
    )
    out.append(
        f'<g class="unit process-{escape(box.process or "none")}" data-unit="{escape(box.key)}" '
        f'transform="translate({x:.1f},{y:.1f})">'
        f"<title>{escape(box.name)}{' — ' + escape(meta) if meta else ''}</title>"
        f'<rect class="unit-box" width="{w:.1f}" height="{h:.1f}" rx="5" fill="{fill}" '
        f'stroke="{colour}" stroke-width="1.5"/>'
        f'<rect width="6" height="{h:.1f}" rx="2" fill="{colour}"/>'
        f'<text x="{PAD + 2}" y="17" class="unit-name" font-size="13" font-weight="700" '
        f'fill="#1d2327">'
        + "".join(f'<tspan x="{PAD + 2}" dy="{0 if i == 0 else NAME_LINE}">{escape(part)}</tspan>'
                  for i, part in enumerate(placed.name_lines or [box.name]))
        + f'</text><text x="{PAD + 2}" y="{placed.header - 8:g}" font-size="11" fill="{colour}">'
        f"{escape(_fit(meta, text_w - 4, CHAR_WIDTH * 11 / 12))}</text>"
    )
    column_w = min(text_w, COLUMN - PAD)
    for i, (kind, member) in enumerate(placed.lines):
        column, row = divmod(i, placed.rows)
        line_x = column * COLUMN
        line_y = placed.header + 8 + row * LINE
        if kind == "member":
            assert member is not None
            text = member.label + (f" · {member.role}" if member.role else "")
            pin = ' class="member pin" data-pin="1"' if member.pin else ' class="member"'
            marker = (
                f'<circle cx="{PAD + 6}" cy="-4" r="4.5" fill="{PIN_COLOUR}"/>'
                if member.pin
                else f'<circle cx="{PAD + 6}" cy="-4" r="2.5" fill="#8a949c"/>'
            )
            weight = ' font-weight="700"' if member.pin else ""
            out.append(
                f'<g{pin} data-person="{escape(member.ref)}" '
                f'transform="translate({line_x},{line_y})">'
                f"<title>{escape(text)}</title>{marker}"
                f'<text x="{PAD + 16}" y="0" font-size="12"{weight} fill="#1d2327">'
                f"{_member_text(member, column_w - 18)}</text></g>"
            )
        else:
            if kind == "more":
                count = len(placed.box.members) - sum(k == "member" for k, _ in placed.lines)
                text = ngettext("+ %(count)d more", "+ %(count)d more", count) % {"count": count}
            else:
                text = ngettext(
                    "%(count)d member", "%(count)d members", box.hidden
                ) % {"count": box.hidden}
                if box.members:
                    text = ngettext(
                        "%(count)d other member", "%(count)d other members", box.hidden
                    ) % {"count": box.hidden}
                if box.hidden_pins:
                    text += " " + ngettext(
                        "(%(count)d linking pin)", "(%(count)d linking pins)", box.hidden_pins
                    ) % {"count": box.hidden_pins}
            out.append(
                f'<text class="more" x="{line_x + PAD + 16}" y="{line_y}" font-size="12" '
                f'font-style="italic" fill="#5f6b73">{escape(_fit(text, column_w - 18))}</text>'
            )
    for cx, cy, child in placed.children:
        _draw(child, cx, cy, depth + 1, out)
    out.append("</g>")


def render(roots: list[Box], title: str = "") -> SafeString:
    """The system picture as an inline ``<svg>`` element (empty string without units)."""
    if not roots:
        return mark_safe("")
    placements, width, height = layout(roots)
    out = [
        (f'<svg class="systempicture" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="sp-title" viewBox="0 0 {width + 2:.0f} {height + 2:.0f}" '
        f'width="{width + 2:.0f}" height="{height + 2:.0f}" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
        f'<title id="sp-title">{escape(title or _("System picture"))}</title>'
        f'<g transform="translate(1,1)">')
    ]
    for x, y, placed in placements:
        _draw(placed, x, y, 0, out)
    out.append("</g></svg>")
    return mark_safe("".join(out))


def legend() -> list[tuple[str, str, str]]:
    """(css class, colour, label) for the legend under the picture."""
    items = [(f"process-{code}", PROCESS_COLOURS[code], str(label)) for code, label in PROCESS_CHOICES]
    items.append(("pin", PIN_COLOUR, _("linking pin: member of more than one unit")))
    return items

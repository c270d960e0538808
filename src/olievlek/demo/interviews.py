"""Made-up interview and observation reports for the demo, coded by two made-up coders.

For each network: an orientation interview with the coordinator (the topics of Bijlage 2,
answered with the network's facts from the reference: goal, history, structure, roles, meeting
rhythm) and one observation report per observation the study lists (Bijlage 4), at most two.
Every sentence comes from the templates below, filled with reference facts; nothing is copied
from the report. Each answer paragraph is coded with the code it is about; coder ``b`` differs
from coder ``a`` on a few paragraphs (leaves one out, or picks a neighbouring code), so the
agreement pages show something real. Pure: no Django; deterministic for a seed.
"""

from __future__ import annotations

import random
from typing import Any

from olievlek.demo.generator import DEFAULT_SEED, network_slug, reference_networks

__all__ = ["CODERS", "demo_sources"]

CODERS = ("codeur-a", "codeur-b")

# Questions (Bijlage 2 topics) and the code each answer is about.
QUESTIONS = [
    ("context_netwerk.inhoud.doel_thema", "Wat wil het netwerk bereiken?",
     "Waar we samen aan werken is {goal}."),
    ("context_netwerk.geschiedenis.ontstaan", "Hoe is het netwerk ontstaan?",
     "Als ik terugkijk: {history}."),
    ("context_netwerk.structuur.niveaus", "Hoe is het netwerk georganiseerd?",
     "We werken met {units}."),
    ("aard_deelnemers.rol.formele_rol", "Welke rollen zijn er?",
     "Er zijn vaste rollen: {roles}."),
    ("activiteiten_netwerk.frequentie.ritme", "Hoe vaak komen jullie bij elkaar?",
     "Het ritme is ongeveer zo: {rhythm}."),
    ("context_netwerk.structuur.omvang", "Hoe groot is het netwerk?",
     "In de vragenlijst telden we {members} leden; de kern is kleiner."),
    ("activiteiten_netwerk.betrokkenheid.samenwerking", "Hoe ervaart u de samenwerking?",
     "Het gaat steeds beter; we leren elkaars taal spreken, al kost dat tijd."),
]
# Where coder b sometimes picks another code than coder a.
NEIGHBOUR = {
    "context_netwerk.geschiedenis.ontstaan": "context_netwerk.geschiedenis.duur",
    "aard_deelnemers.rol.formele_rol": "aard_deelnemers.rol.rolopvatting",
    "activiteiten_netwerk.frequentie.ritme": "activiteiten_netwerk.frequentie.timing",
    "activiteiten_netwerk.type.kennisontwikkeling": "activiteiten_netwerk.type.kennisdeling",
}
OBSERVED = [
    ("activiteiten_netwerk.type.kennisontwikkeling",
     "De deelnemers werken in kleine groepen aan hun vraag en bespreken elkaars aanpak."),
    ("activiteiten_netwerk.type.communicatie_coordinatie",
     "De voorzitter bewaakt de tijd en spreekt de volgende datum af."),
    ("activiteiten_netwerk.betrokkenheid.beleving_waardering",
     "Na afloop zeggen twee deelnemers dat ze dit gesprek nodig hadden."),
]


def _list(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _facts(net: dict[str, Any]) -> dict[str, str]:
    units = [u.get("name", "") for u in (net.get("layers_and_units") or [])][:4]
    roles = [r.get("role", "") for r in (net.get("named_roles") or [])][:4]
    rhythm = [f"{m.get('group', '')}: {m.get('frequency_text', '')}"
              for m in (net.get("meeting_rhythm") or []) if m.get("frequency_text")][:2]
    history = (net.get("history") or {}).get("text") or "het netwerk is recent gestart"
    return {
        "goal": (net.get("goal") or "samen onderwijs verbeteren").rstrip("."),
        "history": history.split(";")[0].rstrip("."),
        "units": _list(units) or "een stuurgroep en werkgroepen",
        "roles": _list(roles) or "een coördinator en deelnemers",
        "rhythm": "; ".join(rhythm) or "een paar keer per jaar",
        "members": str(net.get("sna_members") or "enkele tientallen"),
    }


def _coded(paragraphs: list[tuple[str, str | None]],
           rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """Join paragraphs (text, code key or None) into one text, one paragraph per line; coder a
    codes each keyed paragraph, coder b the same but for one left out and one other code."""
    text_parts: list[str] = []
    codings: list[dict[str, Any]] = []
    pos = 0
    keyed = [i for i, (_t, k) in enumerate(paragraphs) if k]
    skip = rng.choice(keyed) if keyed else -1
    swaps = [i for i in keyed if paragraphs[i][1] in NEIGHBOUR]
    swap = rng.choice(swaps) if swaps else -1
    for i, (line, key) in enumerate(paragraphs):
        start, end = pos, pos + len(line)
        if key:
            codings.append({"code": key, "start": start, "end": end, "coder": CODERS[0]})
            if i != skip:
                other = NEIGHBOUR[key] if i == swap else key
                codings.append({"code": other, "start": start, "end": end, "coder": CODERS[1]})
        text_parts.append(line)
        pos = end + 1
    return "\n".join(text_parts), codings


def demo_sources(seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """Per network: ``{"network": slug, "sources": [{"kind", "title", "date", "study_year",
    "event", "text", "codings": [{"code", "start", "end", "coder"}]}]}``."""
    out = []
    for net in reference_networks():
        rng = random.Random(f"{seed}-interviews-{net['id']}")
        facts = _facts(net)
        paras: list[tuple[str, str | None]] = [
            (f"Oriënterend interview met de coördinator van {net['name']}", None), ("", None)]
        for key, question, answer in QUESTIONS:
            paras.append((f"Interviewer: {question}", None))
            paras.append((f"Coördinator: {answer.format(**facts)}", key))
        text, codings = _coded(paras, rng)
        sources = [{"kind": "interview", "title": "Oriënterend interview coördinator",
                    "date": f"2024-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
                    "study_year": 1, "event": "", "text": text, "codings": codings}]
        observed = (net.get("observations_year1") or {}).get("content") or []
        for n, event in enumerate(observed[:2], start=1):
            lines: list[tuple[str, str | None]] = [
                (f"Observatieverslag {n}: {event.rstrip('.')}", None), ("", None)]
            for key, sentence in rng.sample(OBSERVED, len(OBSERVED)):
                lines.append((sentence, key))
            text, codings = _coded(lines, rng)
            sources.append({"kind": "observatie", "title": f"Observatie {n}",
                            "date": f"2024-{rng.randint(4, 6):02d}-{rng.randint(1, 28):02d}",
                            "study_year": 1, "event": event[:200], "text": text,
                            "codings": codings})
        out.append({"network": network_slug(net), "sources": sources})
    return out

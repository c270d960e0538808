"""schema.org JSON-LD for the portal's pages, and the Creative Commons licence URLs."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import public

_CC = re.compile(r"^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$", re.IGNORECASE)

# Edurep's education levels for the sectors: the concepts of the Onderwijsbegrippenkader
# (OBK, http://purl.edustandaard.nl/begrippenkader/<uuid>) that Edurep records carry as
# schema:educationalLevel (termCode = the uuid) and as LOM educationallevel ids.
TERM_SET = "http://purl.edustandaard.nl/begrippenkader"
EDUCATION_LEVELS = {  # sector -> (OBK uuid, Dutch name)
    "po": ("512e4729-03a4-43a2-95ba-758071d1b725", "Primair onderwijs"),
    "vo": ("2a1401e9-c223-493b-9b86-78f6993b1a8d", "Voortgezet onderwijs"),
    "mbo": ("f3ac3fbb-5eae-49e0-8494-0a44855fff25", "MBO"),
    "hbo": ("be140797-803f-4b9e-81cc-5572c711e09c", "HBO"),
    "wo": ("bbbd99c6-cf49-4980-baed-12388f8dcff4", "WO"),
}


def education_level(level: str) -> dict:
    """A sector as schema.org DefinedTerm in Edurep's vocabulary.

    >>> education_level("hbo")["@id"]
    'http://purl.edustandaard.nl/begrippenkader/be140797-803f-4b9e-81cc-5572c711e09c'
    """
    uuid, name = EDUCATION_LEVELS[level]
    return {"@type": "DefinedTerm", "@id": f"{TERM_SET}/{uuid}", "termCode": uuid,
            "name": name, "inDefinedTermSet": TERM_SET}


def licence_url(spdx: str) -> str | None:
    """The Creative Commons deed of an SPDX id, or None when it is no CC licence.

    >>> licence_url("CC-BY-SA-4.0"), licence_url("CC0-1.0"), licence_url("MIT")
    ('https://creativecommons.org/licenses/by-sa/4.0/', 'https://creativecommons.org/publicdomain/zero/1.0/', None)
    """
    spdx = (spdx or "").strip()
    if spdx.upper() == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    match = _CC.match(spdx)
    if not match:
        return None
    return f"https://creativecommons.org/licenses/{match.group(1).lower()}/{match.group(2)}/"


def level_of(pub) -> str:
    """A product's education level: its own, else its network's sector where that is one."""
    return pub.educational_level or (pub.object.network.sector
                                     if pub.object.network.sector in EDUCATION_LEVELS else "")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def person_ld(profile) -> dict:
    data: dict = {"@context": "https://schema.org", "@type": "Person",
                  "@id": absolute(f"/portaal/mensen/{profile.pk}/"), "name": profile.name,
                  "url": absolute(f"/portaal/mensen/{profile.pk}/")}
    if profile.role:
        data["jobTitle"] = profile.role
    if profile.organisation:
        data["worksFor"] = {"@type": "Organization", "name": profile.organisation}
    knows = profile.kind_labels() + ([profile.expertise] if profile.expertise else [])
    if knows:
        data["knowsAbout"] = knows
    groups = public.groups_of(profile)
    if groups:
        data["memberOf"] = [{"@type": "Organization", "name": g.unit.name,
                             "url": absolute(f"/portaal/groepen/{g.pk}/")} for g in groups]
    return data


def group_ld(pub) -> dict:
    url = absolute(f"/portaal/groepen/{pub.pk}/")
    data: dict = {"@context": "https://schema.org", "@type": "Organization", "@id": url,
                  "name": pub.unit.name, "url": url,
                  "parentOrganization": {"@type": "Organization", "name": pub.unit.network.name}}
    if pub.goal:
        data["description"] = pub.goal
    if pub.theme:
        data["knowsAbout"] = pub.theme
    members = public.members_of(pub)
    if members:
        data["member"] = [{"@type": "Person", "name": p.name,
                           "url": absolute(f"/portaal/mensen/{p.pk}/")} for p in members]
    return data


def product_ld(pub) -> dict:
    obj = pub.object
    url = absolute(f"/portaal/producten/{pub.pk}/")
    data: dict = {"@context": "https://schema.org", "@type": "LearningResource", "@id": url,
                  "name": obj.title, "url": url, "inLanguage": "nl",
                  "publisher": {"@type": "Organization", "name": obj.network.name}}
    if obj.description:
        data["description"] = obj.description
    if obj.form:
        data["learningResourceType"] = obj.form
    if obj.date:
        data["dateCreated"] = obj.date.isoformat()
    licence = licence_url(obj.licence)
    if licence:
        data["license"] = licence
    level = level_of(pub)
    if level:
        data["educationalLevel"] = education_level(level)
    themes = [t.strip() for t in obj.themes.split(";") if t.strip()]
    if themes:
        data["keywords"] = themes
    makers = public.makers_of(pub)
    if makers:
        data["creator"] = [{"@type": "Person", "name": p.name,
                            "url": absolute(f"/portaal/mensen/{p.pk}/")} for p in makers]
    sources = public.products().filter(object__in=obj.based_on.all()).select_related("object")
    if sources:
        data["isBasedOn"] = [{"@type": "LearningResource", "name": s.object.title,
                              "url": absolute(f"/portaal/producten/{s.pk}/")} for s in sources]
    return data


def script(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block. A data block is not run,
    so the CSP's ``script-src 'self'`` leaves it alone; ``<``, ``>`` and ``&`` are escaped so
    no text in it can close the element."""
    text = (json.dumps(data, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))

"""Dutch by default, English selectable, both complete.

- every Dutch catalogue under src/olievlek is fully translated (no empty or fuzzy msgstr);
- every compiled .mo matches its .po (run ``python -m olievlek.i18n`` after editing a .po);
- with GNU gettext installed, ``makemessages`` over a copy of the source finds no string
  without a Dutch translation: run per app directory and once for the project directory
  with the apps ignored, as Django does;
- pages speak Dutch by default and English when asked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from olievlek.i18n import PACKAGE_DIR, compile_all, po_files

Key = tuple[str, str, str]  # msgctxt, msgid, msgid_plural


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def dutch_catalogues() -> list[Path]:
    return [p for p in po_files() if p.parent.parent.name == "nl"]


def test_there_are_dutch_catalogues():
    names = {p.relative_to(PACKAGE_DIR).parts[0] for p in dutch_catalogues()}
    assert {"locale", "networks", "accounts"} <= names


@pytest.mark.parametrize("po_path", dutch_catalogues(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_is_fully_translated(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and not translated(e)]
    assert not missing, f"{po_path}: no Dutch (or fuzzy) for {missing}"
    assert "nplurals=2" in po.metadata.get("Plural-Forms", ""), f"{po_path}: no Plural-Forms"


def test_compiled_catalogues_match_their_sources(tmp_path):
    for po_path in po_files():
        rel = po_path.relative_to(PACKAGE_DIR)
        for suffix in (".po", ".mo"):
            src = po_path.with_suffix(suffix)
            if src.exists():
                (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, (tmp_path / rel).with_suffix(suffix))
    stale = compile_all(tmp_path)
    assert not stale, (
        f"out of date or missing: {[str(p.relative_to(tmp_path)) for p in stale]}; "
        "run `python -m olievlek.i18n` and commit the .mo files"
    )


# What makemessages would extract ------------------------------------------------------------

# Runs in a subprocess without Django settings: with settings, makemessages would write into
# the real LOCALE_PATHS instead of the copy.
MAKEMESSAGES = """
import os, sys
from django.core.management import call_command
from django.core.management.commands.makemessages import Command
root, apps = sys.argv[1], sys.argv[2:]
for app in apps:
    os.chdir(os.path.join(root, app))
    call_command(Command(), locale=["nl"], verbosity=0)
os.chdir(root)
call_command(Command(), locale=["nl"], verbosity=0,
             ignore_patterns=[*apps, "static", "__pycache__"])
"""


def app_dirs(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/apps.py"))


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (xgettext, msgmerge) is not installed: cannot look for untranslated "
    "strings (apt-get install gettext; CI has it)",
)
def test_every_string_in_the_source_has_a_dutch_translation(tmp_path):
    copy = tmp_path / "olievlek"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    apps = app_dirs(copy)
    for app in [*apps, "."]:
        (copy / app / "locale").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", MAKEMESSAGES, str(copy), *apps],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr

    known: set[Key] = set()
    for po_path in dutch_catalogues():
        known |= {key(e) for e in polib.pofile(str(po_path)) if not e.obsolete and translated(e)}
    missing = []
    for app in [*apps, "."]:
        extracted = copy / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        if not extracted.exists():
            continue
        for e in polib.pofile(str(extracted)):
            if not e.obsolete and not translated(e) and key(e) not in known:
                where = ", ".join(f"{app}/{f}:{line}" for f, line in e.occurrences[:2])
                missing.append(f"{e.msgid!r} ({where})")
    assert not missing, (
        "strings without a Dutch translation (add them to that app's "
        "locale/nl/LC_MESSAGES/django.po, then `python -m olievlek.i18n`):\n  "
        + "\n  ".join(missing)
    )


# The interface in both languages -----------------------------------------------------------


def nav(body: str) -> str:
    start = body.index("<nav")
    return body[start : body.index("</nav>", start)]


@pytest.mark.django_db
def test_dutch_is_the_default(users, client_for):
    assert settings.LANGUAGE_CODE == "nl"
    body = client_for(users["alice"]).get("/networks/testnet/").content.decode()
    assert "Netwerken" in nav(body)
    assert 'lang="nl"' in body
    assert "Systeemplaatje" in body and "System picture" not in body
    assert "primair onderwijs (po)" in body


@pytest.mark.django_db
def test_english_by_accept_language(users, client_for):
    body = client_for(users["alice"]).get(
        "/networks/testnet/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Networks" in nav(body) and "Netwerken" not in nav(body)
    assert 'lang="en"' in body
    assert "System picture" in body and "Systeemplaatje" not in body


@pytest.mark.django_db
def test_english_by_the_language_selector(users, client_for):
    client = client_for(users["alice"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/networks/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/networks/").content.decode()
    assert "Networks" in nav(body) and "Response rate" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    body = client.get("/networks/").content.decode()
    assert "Netwerken" in nav(body) and "Respons" in body


@pytest.mark.django_db
def test_login_page_in_both_languages(client):
    assert "Gebruikersnaam" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Username" in english and "Gebruikersnaam" not in english

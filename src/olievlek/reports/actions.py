"""Case report workflows, shared by the pages and the command line; each writes the audit log.

- :func:`report_for`: the network's report of a study year (created on first use);
- :func:`save_draft`: the researcher's text of one section (the autosave and the form);
- :func:`send`: a new version, with the generated parts frozen as they are, to the
  coordinator;
- :func:`comment` and :func:`decide`: the coordinator's remarks and decision (approve, or
  ask for changes). An approved version is frozen: nothing changes it any more.
- :func:`forget_person`: erasure removes a person's name from every stored report.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from olievlek.accounts import audit
from olievlek.accounts.access import Viewer
from olievlek.package import text_problem

from . import parts as parts_mod
from .models import (
    APPROVED,
    CHANGES,
    MAX_COMMENT,
    MAX_TEXT,
    SECTION_KEYS,
    SENT,
    CaseReport,
    Comment,
    ReportVersion,
)


class ReportError(ValueError):
    """A refused step, with the reason for the person who asked."""


def report_for(network, year: int) -> CaseReport:
    if not 2000 <= int(year) <= 2100:
        raise ReportError(_("A study year is a year such as 2024."))
    report, _created = CaseReport.objects.get_or_create(network=network, year=int(year))
    return report


def _check_text(text: str, limit: int) -> str:
    text = (text or "").replace("\r\n", "\n")
    if len(text) > limit:
        raise ReportError(_("The text is longer than %(n)s characters.") % {"n": limit})
    problem = text_problem(text)
    if problem:
        raise ReportError(_("The text cannot be stored: %(problem)s.") % {"problem": problem})
    return text


@transaction.atomic
def save_draft(report: CaseReport, section: str, text: str, *, actor: str) -> CaseReport:
    """Store the researcher's draft of one section (Markdown, at most ``MAX_TEXT``)."""
    if section not in SECTION_KEYS:
        raise ReportError(_("Unknown section."))
    text = _check_text(text, MAX_TEXT)
    report = CaseReport.objects.select_for_update().get(pk=report.pk)
    if report.texts.get(section, "") == text:
        return report
    report.texts = {**report.texts, section: text}
    report.updated_by = actor
    report.save(update_fields=["texts", "updated_by", "updated_at"])
    audit.log(actor, "report-draft", network_slug=report.network.slug,
              object_type="case report", object_key=f"{report.year}", detail=section)
    return report


def researcher_view(actor: str) -> Viewer:
    """The view a version is frozen in: a researcher's (names), for the cross-case report."""
    from olievlek.accounts.models import RESEARCHER

    return Viewer(username=actor, role=RESEARCHER)


# The background items of the cross-case report's Tabel 5.1-5.3, in that order.
CROSS_CASE_ITEMS = ("education_level", "involvement", "years_in_education")


def frozen_counts(network, year: int) -> dict:
    """What a version freezes for the cross-case report: per background item of Tabel
    5.1-5.3, per sector, the respondents' answer counts, missing and n
    (``olievlek.tables.background.background_counts`` over this network's study of the
    year); empty without respondents."""
    from olievlek.participants.actions import cached_study
    from olievlek.tables.background import background_counts

    # The study the case report's participants part read (cached per data version).
    study = cached_study([network], str(year), researcher_view("frozen counts"))
    if not int(study.people["respondent"].sum()):
        return {}
    return {"background": {item: {group: {"counts": c.counts, "missing": c.missing, "n": c.n}
                                  for group, c in background_counts(study, item, "sector").items()}
                           for item in CROSS_CASE_ITEMS}}


@transaction.atomic
def send(report: CaseReport, *, actor: str, progress=None) -> ReportVersion:
    """Freeze the draft and the generated parts as a new version and send it for review."""
    report = CaseReport.objects.select_for_update().get(pk=report.pk)
    if report.status == SENT:
        raise ReportError(_("This report is waiting for the coordinator already."))
    ctx = parts_mod.Context(report.network, report.year, researcher_view(actor))
    digest = parts_mod.data_hash(report.network, report.year)
    generated = parts_mod.generated(ctx, digest, progress)
    last = report.versions.order_by("-number").first()
    version = ReportVersion.objects.create(
        report=report, number=(last.number if last else 0) + 1,
        texts={k: report.texts.get(k, "") for k in SECTION_KEYS},
        parts=[p.as_dict() for p in generated],
        counts=frozen_counts(report.network, report.year) if ctx.wave is not None else {},
        data_hash=digest,
        data_date=_data_date(ctx), sent_by=actor)
    report.status = SENT
    report.save(update_fields=["status", "updated_at"])
    audit.log(actor, "report-send", network_slug=report.network.slug, object_type="case report",
              object_key=f"{report.year}", detail=f"version {version.number}")
    return version


def _data_date(ctx: parts_mod.Context):
    from olievlek.insight.data import data_date

    return data_date(ctx.wave) if ctx.wave is not None else None


@transaction.atomic
def comment(version: ReportVersion, section: str, text: str, *, actor: str) -> Comment:
    if section not in SECTION_KEYS:
        raise ReportError(_("Unknown section."))
    text = _check_text(text, MAX_COMMENT).strip()
    if not text:
        raise ReportError(_("Write a comment first."))
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.frozen:
        raise ReportError(_("This version is approved and cannot change."))
    found = Comment.objects.create(version=version, section=section, author=actor, text=text)
    report = version.report
    audit.log(actor, "report-comment", network_slug=report.network.slug,
              object_type="case report", object_key=f"{report.year}",
              detail=f"version {version.number}, {section}")
    return found


@transaction.atomic
def decide(version: ReportVersion, *, approve: bool, actor: str) -> ReportVersion:
    """The coordinator approves the version (frozen from now on) or asks for changes."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    report = version.report
    if version.status != SENT or report.latest != version:
        raise ReportError(_("Only the latest version sent for review can be decided on."))
    version.status = APPROVED if approve else CHANGES
    version.decided_by, version.decided_at = actor, timezone.now()
    version.save(update_fields=["status", "decided_by", "decided_at"])
    report.status = version.status
    report.save(update_fields=["status", "updated_at"])
    audit.log(actor, "report-approve" if approve else "report-changes",
              network_slug=report.network.slug, object_type="case report",
              object_key=f"{report.year}", detail=f"version {version.number}")
    return version


def forget_person(person) -> int:
    """Erasure: the person's name and package id, wherever a stored report holds them
    (frozen parts, texts, comments), become "[erased]". Returns how many records changed."""
    import json
    import re

    # Whole words only: erasing "p1" must leave "p10" alone.
    needles = [re.compile(r"(?<![\w-])" + re.escape(json.dumps(n, ensure_ascii=False)[1:-1])
                          + r"(?![\w-])") for n in (person.name, person.key) if n]
    changed = 0

    def scrub(value):
        text = json.dumps(value, ensure_ascii=False)
        for needle in needles:
            text = needle.sub("[erased]", text)
        return json.loads(text)

    for version in ReportVersion.objects.filter(report__network=person.network):
        texts, stored = scrub(version.texts), scrub(version.parts)
        if texts != version.texts or stored != version.parts:
            ReportVersion.objects.filter(pk=version.pk).update(texts=texts, parts=stored)
            changed += 1
    for report in CaseReport.objects.filter(network=person.network):
        texts = scrub(report.texts)
        if texts != report.texts:
            CaseReport.objects.filter(pk=report.pk).update(texts=texts)
            changed += 1
    for found in Comment.objects.filter(version__report__network=person.network):
        text = scrub(found.text)
        if text != found.text:
            Comment.objects.filter(pk=found.pk).update(text=text)
            changed += 1
    return changed


def render_report(network, year: int, fmt: str, *, approved: bool = False, viewer=None,
                  version_number: int | None = None, progress=None) -> bytes:
    """A case report's file as ``viewer`` (default: a researcher) may read it: the draft, a
    numbered version, or with ``approved`` the last approved version (refused when none).
    Shared by `olievlek report` and the background job of the pages."""
    from . import formats
    from .document import build

    viewer = viewer or researcher_view("olievlek report")
    report = report_for(network, year)
    version = None
    if approved:
        version = report.approved
        if version is None:
            raise ReportError(_("No approved version of this report yet."))
    elif version_number is not None:
        version = report.versions.filter(number=version_number).first()
        if version is None:
            raise ReportError(_("No such version."))
    doc = build(report, viewer, version, live=not viewer.writes_reports, progress=progress)
    return formats.write(doc, fmt)


@transaction.atomic
def save_crosscase_text(year: int, chapter: str, text: str, *, actor: str):
    """The researchers' text of one chapter of the cross-case report."""
    from .crosscase import CHAPTERS
    from .models import CrossCaseReport

    if chapter not in {key for key, _t in CHAPTERS}:
        raise ReportError(_("Unknown section."))
    text = _check_text(text, MAX_TEXT)
    found, _created = CrossCaseReport.objects.select_for_update().get_or_create(year=year)
    found.texts = {**found.texts, chapter: text}
    found.updated_by = actor
    found.save()
    audit.log(actor, "crosscase-text", object_type="cross-case report", object_key=str(year),
              detail=chapter)
    return found

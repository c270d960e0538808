"""Questionnaire workflows: waves, links, saving, submitting, correcting, overview."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings

from olievlek.accounts.models import AuditEntry
from olievlek.surveys import actions, overview
from olievlek.surveys.models import AnswerVersion, Invitation, Response, Tie

from .conftest import pk

pytestmark = pytest.mark.django_db


def answers(network, **extra):
    data = {
        "consent": True,
        "background": {"rol": "leraar-onderzoeker", "opleidingsniveau": "hbo", "jaren_onderwijs": "1-15"},
        "advice": {pk(network, "p1"): {"frequency": 4, "usefulness": 5, "topic": "onderzoek"},
                   pk(network, "p2"): {"frequency": 2}},
        "motivation": {pk(network, "p1"): {"frequency": 3}},
    }
    data.update(extra)
    return data


def test_create_wave_takes_everybody_or_the_chosen_units_and_roles(network):
    wave = actions.create_wave(network, "w1", actor="test")
    # Everybody who is a member today: p4 left team A in 2024; p6 is in no unit (nothing says
    # they left).
    assert sorted(wave.roster.values_list("key", flat=True)) == ["p1", "p2", "p3", "p5", "p6"]
    team_a = network.units.get(key="u-a")
    wave2 = actions.create_wave(network, "w2", units=[team_a], roles=["leraar"], actor="test")
    # p4 left team A in 2024 (membership ended): not on the roster
    assert sorted(wave2.roster.values_list("key", flat=True)) == ["p3"]


def test_create_wave_rejects_duplicate_label_and_reversed_dates(network, wave):
    with pytest.raises(actions.SurveyError) as exc:
        actions.create_wave(network, "2026", actor="test")
    assert "label" in exc.value.errors
    with pytest.raises(actions.SurveyError) as exc:
        actions.create_wave(network, "x", opens=dt.date(2026, 5, 1), closes=dt.date(2026, 4, 1))
    assert "closes" in exc.value.errors


@override_settings(SITE_URL="https://vragen.example.nl")
def test_invite_gives_unguessable_links_and_emails_them_once(network, wave):
    network.people.filter(key__in=["p2", "p3"]).update(email="x@example.org")
    result = actions.invite(wave, actor="test")
    # The roster: today's members (p4 left in 2024). p1, p2, p3 have addresses.
    assert result.created == 5 and result.sent == 3
    assert sorted(result.without_email) == ["p5", "p6"]
    tokens = list(Invitation.objects.filter(wave=wave).values_list("token", "person__key"))
    assert len({t for t, _ in tokens}) == 5
    for token, _key in tokens:  # 32 random bytes (256 bits) in URL-safe base64, not the person id
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert all("https://vragen.example.nl/q/" in m.body for m in mail.outbox)
    assert Response.objects.filter(wave=wave, status="invited").count() == 5
    again = actions.invite(wave, actor="test")
    assert (again.created, again.sent) == (0, 0) and len(mail.outbox) == 3


def test_remind_only_those_who_did_not_submit(network, wave, links):
    network.people.filter(key="p2").update(email="bram@example.org")
    actions.submit(links["p1"], answers(network, advice={pk(network, "p2"): {"frequency": 3}}, motivation={}))
    mail.outbox.clear()
    assert actions.remind(wave, actor="test") == 1
    assert mail.outbox[0].to == ["bram@example.org"]
    assert Invitation.objects.get(wave=wave, person__key="p2", revoked_at=None).reminders == 1


def test_unknown_revoked_and_expired_links_do_not_open(network, wave, links):
    inv = links["p3"]
    assert actions.find_invitation(inv.token).person.key == "p3"
    assert actions.find_invitation("x" * 43) is None
    assert actions.find_invitation("not a token") is None
    new = actions.reissue(wave, inv.person, actor="test")
    assert actions.find_invitation(inv.token) is None
    assert actions.find_invitation(new.token) is not None
    wave.closes = dt.date(2020, 6, 1)
    wave.save()
    assert actions.find_invitation(new.token) is None


def test_closing_a_wave_expires_its_links(network, wave, links):
    actions.close_wave(wave, actor="test")
    assert actions.find_invitation(links["p3"].token) is None


def test_answers_need_consent_first(network, wave, links):
    with pytest.raises(actions.SurveyError) as exc:
        actions.save_answers(links["p3"], {"background": {"rol": "leraar"}})
    assert exc.value.status == 409 and "consent" in exc.value.errors
    r = actions.save_answers(links["p3"], {"consent": True}, consent_text="statement")
    assert r.consent_at is not None and r.consent_text == "statement"


def test_save_keeps_answers_as_given_and_marks_started(network, wave, links):
    inv = links["p3"]
    actions.save_answers(inv, {"consent": True, "background": {"rol": "leraar"}})
    actions.save_answers(inv, {"background": {"opleidingsniveau": "hbo"},
                               "advice": {pk(network, "p1"): {"frequency": None, "topic": "rekenen"}}})
    r = Response.objects.get(wave=wave, person=inv.person)
    assert r.status == "partial" and r.saves == 2
    assert r.answers["background"] == {"rol": "leraar", "opleidingsniveau": "hbo"}
    assert r.answers["advice"] == {pk(network, "p1"): {"frequency": None, "usefulness": None, "topic": "rekenen"}}
    assert not Tie.objects.filter(wave=wave).exists()  # ties only on submit


@pytest.mark.parametrize("bad, field", [
    ({"advice": {"999999": {"frequency": 3}}}, "advice.999999"),
    ({"advice": {"SELF": {"frequency": 3}}}, "advice.SELF"),
    ({"motivation": {"P1": {"frequency": 9}}}, "motivation.P1.frequency"),
    ({"background": {"opleidingsniveau": "kleuterschool"}}, "background.opleidingsniveau"),
    ({"background": {"naam": "Someone else"}}, "background.naam"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_answers_are_refused_naming_the_field(network, wave, links, bad, field):
    inv = links["p3"]
    actions.save_answers(inv, {"consent": True})
    replace = {"SELF": str(inv.person.pk), "P1": pk(network, "p1")}
    for section in ("advice", "motivation"):
        if section in bad:
            bad = {section: {replace.get(k, k): v for k, v in bad[section].items()}}
    field = field.replace("SELF", str(inv.person.pk)).replace("P1", pk(network, "p1"))
    with pytest.raises(actions.SurveyError) as exc:
        actions.save_answers(inv, bad)
    assert field in exc.value.errors


def test_submit_writes_ties_and_background_and_completes(network, wave, links):
    inv = links["p3"]
    response, version, created = actions.submit(inv, answers(network))
    assert created and version.number == 1 and response.status == "complete"
    ties = {(t.target.key, t.relation): (t.frequency, t.usefulness, t.topic)
            for t in Tie.objects.filter(wave=wave, source=inv.person)}
    assert ties == {("p1", "advice"): (4, 5, "onderzoek"), ("p2", "advice"): (2, None, ""),
                    ("p1", "motivation"): (3, None, "")}
    inv.person.refresh_from_db()
    assert (inv.person.function, inv.person.education_level, inv.person.years_in_education) == \
        ("leraar-onderzoeker", "hbo", "1-15")
    assert AuditEntry.objects.filter(action="answer-submit", object_key="p3").exists()


def test_submitting_again_makes_nothing_new_and_corrections_keep_the_old_version(network, wave, links):
    inv = links["p3"]
    actions.submit(inv, answers(network))
    _r, version, created = actions.submit(inv, answers(network))
    assert not created and version.number == 1
    corrected = answers(network, advice={pk(network, "p2"): {"frequency": 5, "usefulness": 4}})
    _r, version, created = actions.submit(inv, corrected)
    assert created and version.number == 2
    versions = actions.versions(wave, inv.person)
    assert [v.number for v in versions] == [1, 2]
    assert pk(network, "p1") in versions[0].answers["advice"]
    assert list(Tie.objects.filter(wave=wave, source=inv.person, relation="advice")
                .values_list("target__key", "frequency")) == [("p2", 5)]
    assert Response.objects.filter(wave=wave, person=inv.person).count() == 1


def test_submit_asks_for_missing_frequencies_and_closed_waves_refuse(network, wave, links):
    inv = links["p3"]
    with pytest.raises(actions.SurveyError) as exc:
        actions.submit(inv, answers(network, motivation={pk(network, "p2"): {"frequency": None}}))
    assert exc.value.status == 422 and f"motivation.{pk(network, 'p2')}.frequency" in exc.value.errors
    assert not AnswerVersion.objects.exists()
    actions.close_wave(wave, actor="test")
    inv = Invitation.objects.select_related("wave").get(pk=inv.pk)  # as a later request sees it
    with pytest.raises(actions.SurveyError) as exc:
        actions.submit(inv, answers(network))
    assert exc.value.status == 410


def test_not_yet_open_wave_refuses_answers(network):
    wave = actions.create_wave(network, "later", opens=dt.date(2099, 1, 1), actor="test")
    actions.invite(wave, actor="test")
    inv = Invitation.objects.filter(wave=wave).first()
    assert actions.find_invitation(inv.token) is not None
    with pytest.raises(actions.SurveyError) as exc:
        actions.save_answers(inv, {"consent": True})
    assert exc.value.status == 409


def test_overview_counts_per_unit_and_role(network, wave, links):
    # Invited: p1, p2, p3, p5, p6 (p4 left in 2024, so is not on the 2026 roster).
    actions.save_answers(links["p5"], {"consent": True})
    actions.submit(links["p3"], answers(network))
    actions.submit(links["p2"], answers(network, advice={}, motivation={}))
    ov = overview.wave_overview(wave)
    t = ov["total"]
    assert (t.invited, t.started, t.complete, t.rate) == (5, 1, 2, 40)
    units = {r.name: (r.invited, r.started, r.complete) for r in ov["units"]}
    # p2's primary unit is the stuurgroep (earliest membership); p6 has none
    assert units["PLG A"] == (1, 0, 1) and units["Stuurgroep"] == (2, 0, 1)
    assert units["PLG B"] == (1, 1, 0)
    roles = {r.name: r.invited for r in ov["roles"]}
    assert roles["leraar"] == 2  # p3 and p5
    rows = {r.name: r for r in overview.network_overview(network)}
    assert rows["2024"].invited == 5 and rows["2024"].complete == 3 and rows["2026"].complete == 2
    csv = overview.to_csv(overview.export_rows(wave=wave)).decode()
    assert csv.splitlines()[0] == "breakdown,group,invited,started,complete,response_rate"
    assert "total,Totaal,5,1,2,40" in csv or "total,Total,5,1,2,40" in csv

"""Import of packages into the database, export back, and the command line around them."""

from __future__ import annotations

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.cli import main
from olievlek.networks.actions import erase_person, export_package, import_package
from olievlek.networks.models import Membership, Network, Person
from olievlek.package import PackageError, frame, read_package, same_content, write_package
from olievlek.surveys.models import Response, Tie
from tests.factories import small_package


@pytest.mark.django_db
def test_import_then_export_round_trips():
    pkg = small_package()
    network = import_package(pkg)
    assert same_content(export_package(network), pkg)
    assert network.people.count() == 6
    assert Tie.objects.filter(wave__network=network).count() == 7
    assert AuditEntry.objects.filter(action="import", network_slug="testnet").exists()


@pytest.mark.django_db
def test_importing_the_same_package_twice_changes_nothing():
    pkg = small_package()
    import_package(pkg)
    before = sorted(Person.objects.values_list("pk", "key", "pseudonym"))
    import_package(pkg)
    assert sorted(Person.objects.values_list("pk", "key", "pseudonym")) == before
    assert Tie.objects.count() == 7 and Membership.objects.count() == 6


@pytest.mark.django_db
def test_pseudonyms_are_role_and_number_and_stable():
    network = import_package(small_package())
    codes = dict(network.people.values_list("key", "pseudonym"))
    assert codes["p1"] == "projectleider-1"
    assert {codes["p3"], codes["p4"]} == {"leraar-1", "leraar-2"}
    assert codes["p6"] == "deelnemer-1"
    assert len(set(codes.values())) == 6


@pytest.mark.django_db
def test_import_is_all_or_nothing():
    pkg = small_package()
    bad = pkg.ties.copy()
    bad.loc[len(bad)] = ["2024", "p1", "p1", "advice", 3, None, ""]
    pkg.ties = frame("ties", bad.to_dict("records"))
    with pytest.raises(PackageError, match="self-tie"):
        import_package(pkg)
    assert Network.objects.count() == 0 and Person.objects.count() == 0


@pytest.mark.django_db
def test_erase_removes_the_person_and_every_tie_naming_them():
    network = import_package(small_package())
    p2 = network.people.get(key="p2")
    counts = erase_person(p2, actor="alice")
    assert counts == {"ties": 5, "memberships": 2, "responses": 2, "attendance": 0, "answer sets": 0,
                      "accounts": 0, "admin log entries": 0, "sources taken part in": 0,
                      "report records": 0, "portal profiles": 0, "contact messages": 0,
                      "monitor actions owned": 0, "monitor actions naming them": 0,
                      "uses for the person": 0, "uses naming the person": 0,
                      "ratings naming the person": 0}
    assert not Person.objects.filter(key="p2").exists()
    assert not Tie.objects.filter(source__key="p2").exists()
    assert not Tie.objects.filter(target__key="p2").exists()
    assert Response.objects.filter(person__network=network).count() == 8
    entry = AuditEntry.objects.get(action="erase")
    assert entry.object_key == "p2" and "Bram" not in entry.detail


@pytest.mark.django_db(transaction=True)
def test_cli_import_networks_export(tmp_path, capsys):
    src = write_package(small_package(), tmp_path / "in")
    assert main(["import", str(src)]) == 0
    assert main(["networks"]) == 0
    out = capsys.readouterr().out
    assert "testnet\tTestnetwerk" in out.splitlines()
    assert main(["export", "testnet", str(tmp_path / "out")]) == 0
    assert same_content(read_package(tmp_path / "out"), small_package())


@pytest.mark.django_db(transaction=True)
def test_cli_import_reports_every_problem_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "network.csv").write_text("id,name,sector\nbad,Bad,xx\n")
    (folder / "people.csv").write_text("id,name,involvement\np1,A,lang\np1,B,\n")
    assert main(["import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "network.csv, row 2, column sector" in err
    assert "people.csv, row 2, column involvement" in err
    assert "people.csv, row 3, column id: duplicate person id" in err
    assert "Nothing was imported" in err
    assert not Network.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cli_import_into_a_named_network_without_network_csv(tmp_path):
    import_package(small_package())
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "people.csv").write_text("id,name,sector\np7,Gijs Glimmerveen,po\n")
    assert main(["import", str(folder), "--network", "testnet"]) == 0
    assert Network.objects.get(slug="testnet").people.count() == 7


@pytest.mark.django_db
def test_erase_removes_the_person_from_colleagues_saved_answers():
    from olievlek.surveys.models import AnswerVersion, Wave

    network = import_package(small_package())
    p2, p3 = network.people.get(key="p2"), network.people.get(key="p3")
    wave = Wave.objects.get(network=network, label="2025")
    answers = {"advice": {str(p2.pk): {"frequency": 4}, str(network.people.get(key="p1").pk): {"frequency": 2}},
               "motivation": {str(p2.pk): {"frequency": 3}}}
    Response.objects.filter(wave=wave, person=p3).update(answers=answers)
    AnswerVersion.objects.create(wave=wave, person=p3, number=1, answers=answers)
    counts = erase_person(p2, actor="alice")
    assert counts["answer sets"] == 2
    for saved in (Response.objects.get(wave=wave, person=p3).answers,
                  AnswerVersion.objects.get(wave=wave, person=p3).answers):
        assert str(p2.pk) not in saved["advice"] and saved["motivation"] == {}
        assert len(saved["advice"]) == 1  # the other colleague stays


@pytest.mark.django_db
def test_a_network_with_nested_units_can_be_deleted_but_a_parent_unit_alone_cannot():
    from django.db.models import RestrictedError

    from olievlek.networks.models import Unit

    network = import_package(small_package())
    with pytest.raises(RestrictedError):
        Unit.objects.get(network=network, key="u-stuur").delete()
    network.delete()
    assert not Unit.objects.exists() and not Person.objects.exists() and not Tie.objects.exists()


@pytest.mark.django_db
def test_export_packages_in_bulk_equals_one_by_one_in_a_fixed_number_of_queries(
        django_assert_max_num_queries):
    from olievlek.networks.actions import export_packages

    one = import_package(small_package())
    two = import_package(small_package("othernet", "Ander netwerk"))
    with django_assert_max_num_queries(6):
        both = export_packages([one, two])
    assert same_content(both[0], small_package())
    assert same_content(both[1], small_package("othernet", "Ander netwerk"))
    only_2024 = export_packages([one], wave="2024", ties=False)[0]
    assert only_2024.ties.empty and set(only_2024.responses["wave"]) == {"2024"}


@pytest.mark.django_db
def test_reimporting_an_export_keeps_drafts_consents_and_versions_and_says_what_it_replaced():
    from django.utils import timezone

    from olievlek.networks.actions import describe_import
    from olievlek.surveys.models import AnswerVersion, Wave

    network = import_package(small_package())
    wave = Wave.objects.get(network=network, label="2025")
    p5 = network.people.get(key="p5")
    now = timezone.now()
    Response.objects.filter(wave=wave).update(answers={"background": {"rol": "leraar"}}, consent_at=now,
                                              consent_text="ik doe mee", saves=2)
    AnswerVersion.objects.create(wave=wave, person=p5, number=1, answers={"consent": True})
    drafts = sorted(Response.objects.filter(wave=wave).values_list("person__key", "answers", "consent_at"))

    network = import_package(export_package(network))
    assert sorted(Response.objects.filter(wave=wave).values_list("person__key", "answers", "consent_at")) == drafts
    assert AnswerVersion.objects.filter(wave=wave).count() == 1
    summary = network.import_summary
    assert summary["ties removed"] == summary["ties written"] == 7
    assert summary["responses created"] == summary["responses updated"] == summary["responses removed"] == 0
    assert summary["people created"] == summary["people updated"] == 0
    assert "ties 7 replaced by 7" in describe_import(summary)

    # a package that drops the wave's responses changes statuses it carries and keeps the rest
    pkg = small_package()
    pkg.responses = frame("responses", [{"wave": "2025", "person": "p5", "status": "invited"}])
    network = import_package(pkg)
    assert network.import_summary["responses kept"] == Response.objects.filter(wave=wave).count() - 1
    assert Response.objects.get(wave=wave, person=p5).status == "invited"
    assert Response.objects.get(wave=wave, person=p5).consent_at == now


@pytest.mark.django_db(transaction=True)
def test_cli_import_refuses_a_shifted_row_and_prints_the_changes(tmp_path, capsys):
    src = write_package(small_package(), tmp_path / "in")
    people = (src / "people.csv").read_text().splitlines()
    people[1] += ","  # a trailing comma: every value would move one column to the right
    (tmp_path / "in" / "people.csv").write_text("\n".join(people) + "\n")
    assert main(["import", str(src)]) == 1
    assert "people.csv, row 2: 11 cells, the header has 10" in capsys.readouterr().err
    assert not Network.objects.exists()

    src = write_package(small_package(), tmp_path / "good")
    assert main(["import", str(src)]) == 0
    assert main(["import", str(src)]) == 0
    assert "Changes: memberships 6 replaced by 6; ties 7 replaced by 7" in capsys.readouterr().out


@pytest.mark.django_db
def test_postgres_and_sqlite_refuse_the_same_overlong_name():
    import_package(small_package())
    pkg = small_package()
    pkg.people.loc[0, "name"] = "x" * 10_000
    with pytest.raises(PackageError, match="10,000 characters; at most 200"):
        import_package(pkg)
    assert Person.objects.get(key="p1").name == "Anna Aardeweg"


@pytest.mark.django_db
def test_pseudonyms_given_at_import_are_those_the_one_rule_gives():
    """New people get their pseudonym before they are written; the codes are exactly what
    _assign_pseudonyms gives from the memberships in the database, also when a second
    import adds people to a network that has some."""
    from olievlek.networks.actions import _assign_pseudonyms

    first = small_package()  # without p5, who comes with the second import
    first.people = first.people[first.people["id"] != "p5"].reset_index(drop=True)
    first.memberships = first.memberships[first.memberships["person"] != "p5"].reset_index(drop=True)
    first.ties = first.ties[(first.ties["source"] != "p5") & (first.ties["target"] != "p5")].reset_index(drop=True)
    first.responses = first.responses[first.responses["person"] != "p5"].reset_index(drop=True)
    import_package(first)
    network = import_package(small_package())
    given = dict(network.people.values_list("key", "pseudonym"))
    network.people.update(pseudonym="")
    _assign_pseudonyms(network)
    assert dict(network.people.values_list("key", "pseudonym")) == given


@pytest.mark.django_db
def test_import_is_all_or_nothing_when_the_database_refuses_a_tie():
    """Ties are written with raw inserts (COPY on PostgreSQL): a row the database refuses
    still rolls the whole import back."""
    from django.db import IntegrityError

    pkg = small_package()
    bad = pkg.ties.copy()
    bad.loc[len(bad)] = ["2024", "p1", "p1", "advice", 3, None, ""]
    pkg.ties = frame("ties", bad.to_dict("records"))
    with pytest.raises(IntegrityError):
        import_package(pkg, validated=True)  # (told it was checked: only the database checks)
    assert Network.objects.count() == 0 and Person.objects.count() == 0
    assert Tie.objects.count() == 0 and Membership.objects.count() == 0

"""The codebook is preloaded; `olievlek coding export` writes a valid REFI-QDA project."""

import io
import zipfile

import pytest

from olievlek.accounts.access import viewer
from olievlek.accounts.models import AuditEntry
from olievlek.cli import main
from olievlek.coding.text import canonical
from olievlek.qda.actions import add_coding
from olievlek.qda.models import Code, Source

from ..coding.refi import schema

pytestmark = pytest.mark.django_db


def _source(network, original):
    return Source.objects.create(
        network=network,
        kind="interview",
        title="Oriëntatie-interview",
        study_year=1,
        text=canonical(original).text,
        original=original.encode("utf-8-sig"),
        original_name="interview.txt",
    )


def test_study_codebook_is_preloaded():
    assert Code.objects.count() == 48
    assert Code.objects.filter(codable=True).count() == 33
    duur = Code.objects.filter(name="duur")
    assert {c.parent.name for c in duur} == {"geschiedenis", "frequentie"}


def test_only_researchers_see_coding(users):
    seen = {name: viewer(u).sees_coding() for name, u in users.items()}
    assert seen == {"alice": True, "bob": False, "carol": False, "dave": False, "eve": False}


def test_coding_keeps_its_quote_and_refuses_a_bad_selection(users, network):
    source = _source(network, "Wij komen één keer per maand 👍 bijeen.\r\nDat duurt twee uur.")
    duur = Code.objects.get(key="activiteiten_netwerk.frequentie.duur")
    start = source.text.index("twee uur")
    coding = add_coding(source, duur, start, start + 8, users["alice"])
    assert coding.quote == "twee uur"
    with pytest.raises(ValueError, match="outside"):
        add_coding(source, duur, 0, 999, users["alice"])
    with pytest.raises(ValueError, match="cannot be applied"):
        add_coding(source, duur.parent, 0, 3, users["alice"])


def test_cli_export_is_valid_and_offsets_match_the_stored_source(
    users, network, other_network, tmp_path
):
    source = _source(
        network, "\ufeffWij komen één keer per maand 👍 bijeen.\r\nDat duurt twee uur."
    )
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    start = source.text.index("één keer")
    add_coding(source, ritme, start, start + 20, users["alice"], memo="maandelijks")
    out = tmp_path / "net.qdpx"
    assert main(["coding", "export", "--network", network.slug, str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde").decode("utf-8")
        stored = z.read(f"sources/{source.guid}.txt").decode("utf-8")
    schema("Project.xsd").validate(qde)
    assert stored[start : start + 20] == "één keer per maand 👍"
    assert 'name="alice"' in qde and "maandelijks" in qde and 'name="ritme"' in qde
    assert AuditEntry.objects.filter(action="coding-export", network_slug=network.slug).exists()
    everything = tmp_path / "all.qdpx"
    assert main(["coding", "export", "--all", str(everything)]) == 0
    with zipfile.ZipFile(io.BytesIO(everything.read_bytes())) as z:
        assert z.read("project.qde").count(b"<Case ") == 2


def test_cli_export_refuses_a_wrong_name_and_an_unknown_network(db, tmp_path, capsys):
    assert main(["coding", "export", "--all", str(tmp_path / "x.zip")]) == 2
    assert "must end in .qdpx" in capsys.readouterr().err
    assert main(["coding", "export", "--network", "nope", str(tmp_path / "x.qdpx")]) == 2
    assert "no network 'nope'" in capsys.readouterr().err


def test_round_trip_through_an_empty_database(users, network, tmp_path):
    from django.contrib.auth import get_user_model

    from olievlek.coding.project import project_xml, read_qdpx
    from olievlek.qda.models import Coding

    source = _source(network, "Eén\r\nkeer per maand 👍 bijeen.")
    ritme = Code.objects.get(key="activiteiten_netwerk.frequentie.ritme")
    add_coding(source, ritme, 4, 18, users["alice"], memo="m")
    first = tmp_path / "a.qdpx"
    assert main(["coding", "export", "--network", network.slug, str(first)]) == 0
    Coding.objects.all().delete()
    Source.objects.all().delete()
    get_user_model().objects.filter(username="alice").delete()
    assert main(["coding", "import", str(first)]) == 0
    assert main(["coding", "import", str(first)]) == 2  # all or nothing: already here
    assert Coding.objects.get().quote == "keer per maand"
    second = tmp_path / "b.qdpx"
    assert main(["coding", "export", "--network", network.slug, str(second)]) == 0
    one, two = (project_xml(read_qdpx(p.read_bytes())) for p in (first, second))
    assert one == two


def test_codebook_export_and_import_by_cli(tmp_path, capsys):
    out = tmp_path / "codeboek.qdc"
    assert main(["coding", "codebook-export", str(out)]) == 0
    schema("Codebook.xsd").validate(out.read_text("utf-8"))
    assert main(["coding", "codebook-import", str(out)]) == 0
    assert "0 new codes" in capsys.readouterr().out
    extra = tmp_path / "extra.qdc"
    extra.write_bytes(
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="11111111-2222-3333-4444-555555555555" name="vertrouwen" isCodable="true"/>'
        b"</Codes></CodeBook>"
    )
    assert main(["coding", "codebook-import", str(extra)]) == 0
    assert Code.objects.filter(name="vertrouwen", parent=None).exists()
    extra.write_bytes(b"<CodeBook")
    assert main(["coding", "codebook-import", str(extra)]) == 2
    assert "not XML" in capsys.readouterr().err

"""The codebook page: add, rename/define, move, merge (with confirmation) and retire codes in
the browser, each through qda.actions and audited; researchers only."""

import pytest

from olievlek.accounts.models import AuditEntry
from olievlek.qda.actions import add_coding
from olievlek.qda.models import Code, Coding, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(network):
    return Source.objects.create(network=network, kind="memo", title="m", text="één twee drie")


def code(key):
    return Code.objects.get(key=key)


RITME = "activiteiten_netwerk.frequentie.ritme"
TIMING = "activiteiten_netwerk.frequentie.timing"


def test_codebook_shows_the_tree_with_definitions_and_counts(client_for, users, source):
    ritme = code(RITME)
    add_coding(source, ritme, 0, 3, users["alice"])
    add_coding(source, ritme, 4, 8, users["alice"])
    page = client_for(users["alice"]).get("/coding/codebook/").content.decode()
    assert page.count('data-code="') == Code.objects.count()
    row = page[page.index(f'data-code="{ritme.guid}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-count="2"' in row and ritme.description.split()[0] in row
    assert "depth-2" in row  # category > subcategory > code


def test_add_a_code_under_a_parent(client_for, users):
    parent = code(RITME).parent
    r = client_for(users["alice"]).post("/coding/codebook/", {
        "name": " seizoen ", "parent": parent.pk, "description": "Wanneer in het jaar."})
    assert r.status_code == 302
    new = Code.objects.get(name="seizoen")
    assert (new.parent, new.description, new.key) == (parent, "Wanneer in het jaar.", "")
    assert new.position > max(c.position for c in parent.children.exclude(pk=new.pk))
    assert AuditEntry.objects.filter(action="code-add", object_key=new.guid,
                                     actor="alice").exists()
    assert client_for(users["alice"]).post("/coding/codebook/", {"name": " "}).status_code == 400


def test_rename_and_define_keep_the_guid_and_history(client_for, users):
    ritme = code(RITME)
    client = client_for(users["alice"])
    r = client.post(f"/coding/codes/{ritme.guid}/edit/",
                    {"name": "regelmaat", "description": "Hoe vaak het netwerk bijeenkomt."})
    assert r.status_code == 302
    ritme.refresh_from_db()
    assert (ritme.name, ritme.description, ritme.key) == (
        "regelmaat", "Hoe vaak het netwerk bijeenkomt.", RITME)
    actions = set(AuditEntry.objects.filter(object_key=ritme.guid).values_list("action", flat=True))
    assert actions == {"code-rename", "code-define"}
    page = client.get(f"/coding/codes/{ritme.guid}/").content.decode()
    assert "code-rename" in page and "ritme -&gt; regelmaat" in page


def test_move_a_code_with_its_codings(client_for, users, source):
    ritme, timing = code(RITME), code(TIMING)
    add_coding(source, ritme, 0, 3, users["alice"])
    other = code("context_netwerk.geschiedenis.duur").parent
    client = client_for(users["alice"])
    assert client.post(f"/coding/codes/{ritme.guid}/move/", {"parent": other.pk}).status_code == 302
    ritme.refresh_from_db()
    assert ritme.parent == other and Coding.objects.get().code == ritme
    entry = AuditEntry.objects.get(action="code-move", object_key=ritme.guid)
    assert entry.detail == f"{timing.parent.guid} -> {other.guid}"
    # Not under itself or a code under it.
    category = other.parent
    client.post(f"/coding/codes/{category.guid}/move/", {"parent": other.pk})
    category.refresh_from_db()
    assert category.parent is None
    # To the top level.
    client.post(f"/coding/codes/{ritme.guid}/move/", {"parent": ""})
    ritme.refresh_from_db()
    assert ritme.parent is None


def test_merge_asks_to_confirm_then_moves_the_codings(client_for, users, source):
    ritme, timing = code(RITME), code(TIMING)
    add_coding(source, ritme, 0, 3, users["alice"])
    add_coding(source, ritme, 4, 8, users["bob"])
    add_coding(source, timing, 9, 13, users["alice"])
    client = client_for(users["alice"])
    url = f"/coding/codes/{ritme.guid}/merge/"
    confirm = client.post(url, {"into": timing.pk})
    assert confirm.status_code == 200
    assert 'data-moves="2"' in confirm.content.decode()
    assert Coding.objects.filter(code=ritme).count() == 2  # nothing done yet
    assert not AuditEntry.objects.filter(action="code-merge").exists()
    assert client.post(url, {"into": timing.pk, "confirm": "1"}).status_code == 302
    assert Coding.objects.filter(code=timing).count() == 3
    ritme.refresh_from_db()
    assert ritme.merged_into == timing
    assert AuditEntry.objects.get(action="code-merge", object_key=ritme.guid).detail == (
        f"into {timing.guid}, 2 codings")
    assert f'data-code="{ritme.guid}"' not in client.get("/coding/codebook/").content.decode()


def test_retired_code_is_not_offered_for_coding(client_for, users, source):
    duur = code("context_netwerk.geschiedenis.duur")
    client = client_for(users["alice"])
    page = f"/networks/testnet/sources/{source.guid}/"
    assert f'value="{duur.pk}"' in client.get(page).content.decode()
    assert client.post(f"/coding/codes/{duur.guid}/retire/").status_code == 302
    duur.refresh_from_db()
    assert duur.retired_at is not None
    assert AuditEntry.objects.filter(action="code-retire", object_key=duur.guid).exists()
    assert f'value="{duur.pk}"' not in client.get(page).content.decode()
    row = client.get("/coding/codebook/").content.decode()
    assert f'data-code="{duur.guid}" class="retired"' in row


def test_only_researchers_use_the_codebook(client_for, users):
    ritme, timing = code(RITME), code(TIMING)
    for who in ("bob", "carol", "dave", "eve"):
        if who not in users:
            continue
        client = client_for(users[who])
        assert client.get("/coding/codebook/").status_code == 404, who
        assert client.post("/coding/codebook/", {"name": "x"}).status_code == 404, who
        for action, data in (("edit", {"name": "x"}), ("move", {"parent": ""}),
                             ("merge", {"into": timing.pk, "confirm": "1"}), ("retire", {})):
            r = client.post(f"/coding/codes/{ritme.guid}/{action}/", data)
            assert r.status_code == 404, (who, action)
    ritme.refresh_from_db()
    assert (ritme.name, ritme.parent, ritme.merged_into, ritme.retired_at) == (
        "ritme", timing.parent, None, None)
    assert not Code.objects.filter(name="x").exists()
    assert not AuditEntry.objects.filter(object_type="code").exists()

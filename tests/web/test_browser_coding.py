"""Coding in a real browser: select text (mouse and keyboard), pick a code, reload: it is there,
at code-point offsets even after an emoji (two UTF-16 units in JavaScript)."""

from __future__ import annotations

from itertools import pairwise

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Eerste regel.\nHet netwerk 🎉 werkt samen met café De Linde.\n\nDerde alinea over ritme."

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective));
"""


def login(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/networks/")


@pytest.fixture
def source(network):
    from olievlek.coding.codebook import study_codebook
    from olievlek.qda.actions import load_codebook
    from olievlek.qda.models import Source

    # A transactional test empties the tables afterwards, the codebook a migration loaded too.
    load_codebook(study_codebook())

    return Source.objects.create(network=network, kind="interview", title="Interview", text=TEXT)


def test_select_with_the_mouse_apply_a_code_reload_it_is_there(live_server, browser, users,
                                                                source):
    from olievlek.qda.models import Code, Coding

    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    login(page, live_server)
    url = f"{live_server.url}/networks/testnet/sources/{source.guid}/"
    page.goto(url)

    # Drag from the start of "café" to the end of "Linde" in the second paragraph.
    para = page.locator('.para[data-start="14"]')
    box = para.bounding_box()
    start = page.evaluate("""p => {
        const t = p.firstChild, r = document.createRange(), i = t.data.indexOf("café");
        r.setStart(t, i); r.setEnd(t, i + 1); const b = r.getBoundingClientRect();
        return [b.left + 1, b.top + b.height / 2];
    }""", para.element_handle())
    end = page.evaluate("""p => {
        const t = p.firstChild, r = document.createRange(), i = t.data.indexOf("Linde") + 5;
        r.setStart(t, i - 1); r.setEnd(t, i); const b = r.getBoundingClientRect();
        return [b.right - 0.5, b.top + b.height / 2];
    }""", para.element_handle())
    assert box is not None
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=5)
    page.mouse.up()
    expect(page.locator("#id_end")).not_to_have_value("")
    expected_start = TEXT.index("café")
    assert page.input_value("#id_start") == str(expected_start)
    assert page.input_value("#id_end") == str(expected_start + len("café De Linde"))

    # The picker searches name and definition; Enter with one code left applies it.
    page.fill("#code-search", "ritme")
    visible = page.locator("#code-list li:not([hidden])")
    assert visible.count() >= 1
    page.locator("#code-list li:not([hidden]) input").first.check()
    with page.expect_navigation():
        page.click("#apply-codes")
    page.reload()
    coding = Coding.objects.get()
    assert coding.quote == "café De Linde" and coding.coder.username == "alice"
    item = page.locator(f"#c-{coding.guid}")
    assert item.is_visible() and "café De Linde" in item.inner_text()
    assert page.locator(f'.para[data-start="14"] + .margin .mark.code-{coding.code_id}').count() == 1
    assert Code.objects.get(pk=coding.code_id).name in item.inner_text()
    assert page.evaluate("window.__csp") == []
    context.close()


def test_keyboard_selects_a_paragraph_and_codes_it(live_server, browser, users, source):
    from olievlek.qda.models import Coding

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    login(page, live_server)
    page.goto(f"{live_server.url}/networks/testnet/sources/{source.guid}/")
    page.focus("#source-text")
    page.keyboard.press("ArrowDown")  # first paragraph
    page.keyboard.press("ArrowDown")  # second, with the emoji
    expect(page.locator("#id_end")).not_to_have_value("")
    page.keyboard.press("Enter")  # to the code search
    expect(page.locator("#code-search")).to_be_focused()
    page.keyboard.type("ritme")
    expect(page.locator("#code-list li[hidden]").first).to_be_attached()  # filtered
    page.keyboard.press("ArrowDown")  # to the first code shown
    expect(page.locator("#code-list li:not([hidden]) input").first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # applies the first code shown
    page.wait_for_selector(".codings li")
    line = TEXT.split("\n")[1]
    assert list(Coding.objects.values_list("start", "end", "quote")) == [
        (14, 14 + len(line), line)]
    context.close()


def test_margin_bar_covers_the_whole_passage(live_server, browser, users, source):
    """A coding over three lines is one bar in the margin from its first to its last line:
    its pieces join up, in the code's colour, and a coding inside it stands beside it."""
    from olievlek.qda.actions import add_coding
    from olievlek.qda.models import Code

    code = Code.objects.filter(codable=True).first()
    assert code is not None
    long = add_coding(source, code, 3, len(TEXT) - 3, users["alice"])
    inner = add_coding(source, code, TEXT.index("café"), TEXT.index("café") + 4, users["alice"])
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(RECORD)
    page = context.new_page()
    login(page, live_server)
    page.goto(f"{live_server.url}/networks/testnet/sources/{source.guid}/")
    pieces = page.locator(f'.margin .bar[href="#c-{long.guid}"]')
    assert pieces.count() == len(TEXT.split("\n"))
    boxes = [pieces.nth(i).bounding_box() for i in range(pieces.count())]
    assert all(b is not None and b["height"] > 0 and b["width"] >= 4 for b in boxes)
    for upper, lower in pairwise(boxes):
        assert upper is not None and lower is not None
        assert abs(upper["y"] + upper["height"] - lower["y"]) < 1.5  # no gap between lines
        assert upper["x"] == lower["x"]  # one lane
    inner_box = page.locator(f'.margin .bar[href="#c-{inner.guid}"]').bounding_box()
    assert inner_box is not None and inner_box["x"] > boxes[1]["x"]  # side by side
    colour = pieces.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("window.__csp") == []
    context.close()

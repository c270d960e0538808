// The coding page: turn a selection in the source into code-point offsets and filter the code
// picker. The source is rendered on the server, one <p class="para" data-start="N"> per line,
// N being the code-point offset of the line in the canonical text. JavaScript strings count
// UTF-16 units, so lengths are counted by code point (for..of) before adding them to N.
// Keyboard: in the text, Up/Down move between paragraphs, Shift+Up/Down extend the selection
// by paragraph, Enter (or "c") goes to the code search; there Enter applies the codes.
(function () {
  "use strict";
  var text = document.getElementById("source-text");
  var form = document.getElementById("coding-form");
  if (!text || !form) { return; }
  var startInput = document.getElementById("id_start");
  var endInput = document.getElementById("id_end");
  var quote = document.getElementById("selection-quote");
  var search = document.getElementById("code-search");
  var list = document.getElementById("code-list");
  var paras = Array.prototype.slice.call(text.querySelectorAll(".para"));

  function codePoints(s) {
    var n = 0;
    for (var ch of s) { n += 1; } // eslint-disable-line no-unused-vars
    return n;
  }

  function paraOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var p = el && el.closest(".para");
    return p && text.contains(p) ? p : null;
  }

  // The code-point offset of a boundary point of the selection. A point outside every
  // paragraph (a margin, between lines) snaps to the nearest paragraph inside the selection.
  function offsetOf(node, offset, isEnd) {
    var p = paraOf(node);
    if (p) {
      var r = document.createRange();
      r.setStart(p, 0);
      r.setEnd(node, offset);
      return Number(p.dataset.start) + codePoints(r.toString());
    }
    var point = document.createRange();
    point.setStart(node, offset);
    var i;
    if (isEnd) {
      for (i = paras.length - 1; i >= 0; i--) {
        if (point.comparePoint(paras[i], 0) < 0) {
          return Number(paras[i].dataset.start) + codePoints(paras[i].textContent);
        }
      }
      return 0;
    }
    for (i = 0; i < paras.length; i++) {
      if (point.comparePoint(paras[i], 0) >= 0) { return Number(paras[i].dataset.start); }
    }
    return Number(text.dataset.length);
  }

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!range.intersectsNode(text)) { return; }
    var start = offsetOf(range.startContainer, range.startOffset, false);
    var end = offsetOf(range.endContainer, range.endOffset, true);
    if (end <= start) { return; }
    startInput.value = start;
    endInput.value = end;
    var shown = range.toString();
    quote.textContent = shown.length > 300 ? shown.slice(0, 300) + "…" : shown;
    quote.hidden = false;
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(readSelection, 60);
  });
  text.addEventListener("mouseup", readSelection);

  // Keyboard selection by paragraph.
  var current = -1;
  var anchor = -1;
  function selectParas(a, b) {
    var first = Math.min(a, b);
    var last = Math.max(a, b);
    var sel = window.getSelection();
    var lastPara = paras[last];
    sel.setBaseAndExtent(paras[first], 0, lastPara, lastPara.childNodes.length);
    paras.forEach(function (p) { p.classList.remove("current"); });
    paras[b].classList.add("current");
    paras[b].scrollIntoView({block: "nearest"});
    readSelection();
  }
  text.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var step = e.key === "ArrowDown" ? 1 : -1;
      var next = Math.max(0, Math.min(paras.length - 1, current + step));
      while (next > 0 && next < paras.length - 1 && !paras[next].textContent) { next += step; }
      if (!e.shiftKey || anchor < 0) { anchor = next; }
      current = next;
      selectParas(anchor, current);
    } else if (e.key === "Enter" || e.key === "c") {
      if (startInput.value && endInput.value) {
        e.preventDefault();
        search.focus();
      }
    }
  });

  // The picker: filter by name, path and definition; Enter applies.
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  function visible() {
    return items.filter(function (li) { return !li.hidden; });
  }
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    items.forEach(function (li) {
      var hay = li.dataset.search;
      li.hidden = !words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var v = visible();
      if (v.length) { e.preventDefault(); v[0].querySelector("input").focus(); }
    } else if (e.key === "Escape") {
      search.value = "";
      search.dispatchEvent(new Event("input"));
    } else if (e.key === "Enter") {
      e.preventDefault();
      var checked = list.querySelectorAll("input:checked").length;
      var shown = visible();
      if (!checked && shown.length === 1) { shown[0].querySelector("input").checked = true; }
      if (list.querySelectorAll("input:checked").length) { form.requestSubmit(); }
    }
  });
  list.addEventListener("keydown", function (e) {
    if (e.target.type !== "checkbox") { return; }
    var v = visible();
    var i = v.indexOf(e.target.closest("li"));
    if (e.key === "ArrowDown" && i < v.length - 1) {
      e.preventDefault(); v[i + 1].querySelector("input").focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (i > 0) { v[i - 1].querySelector("input").focus(); } else { search.focus(); }
    } else if (e.key === "Enter") {
      e.preventDefault(); e.target.checked = true; form.requestSubmit();
    }
  });
})();

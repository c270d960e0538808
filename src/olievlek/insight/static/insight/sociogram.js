/* olievlek insight: zoom, pan, hover and click-to-focus for server-rendered sociograms, and
   controls that reload the page when changed. No libraries; everything shown comes from the
   data-* attributes the server already filtered for this viewer. */
(function () {
  "use strict";

  function setupControls() {
    document.querySelectorAll("form[data-controls] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  function tooltip() {
    var tip = document.createElement("div");
    tip.className = "insight-tooltip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    document.body.appendChild(tip);
    return tip;
  }

  function setup(svg, tip) {
    var viewport = svg.querySelector("g.viewport");
    if (!viewport) { return; }
    var scale = 1, tx = 0, ty = 0, dragging = null, moved = false;
    function apply() {
      viewport.setAttribute("transform", "translate(" + tx + "," + ty + ") scale(" + scale + ")");
    }
    function point(evt) {
      var box = svg.getBoundingClientRect();
      var vb = svg.viewBox.baseVal;
      return { x: (evt.clientX - box.left) * vb.width / box.width,
               y: (evt.clientY - box.top) * vb.height / box.height };
    }
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = point(evt), factor = evt.deltaY < 0 ? 1.15 : 1 / 1.15;
      var next = Math.min(Math.max(scale * factor, 0.3), 12);
      tx = p.x - (p.x - tx) * next / scale;
      ty = p.y - (p.y - ty) * next / scale;
      scale = next;
      apply();
    }, { passive: false });
    svg.addEventListener("pointerdown", function (evt) {
      dragging = point(evt); moved = false;
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!dragging) { return; }
      var p = point(evt);
      if (Math.abs(p.x - dragging.x) + Math.abs(p.y - dragging.y) > 2) { moved = true; }
      tx += p.x - dragging.x; ty += p.y - dragging.y; dragging = p;
      apply();
    });
    window.addEventListener("pointerup", function () { dragging = null; });

    var refAttr = svg.querySelector("g.node[data-unit]") ? "data-unit" : "data-person";
    function clearFocus() {
      svg.classList.remove("focused");
      svg.querySelectorAll("[data-focused]").forEach(function (n) { n.removeAttribute("data-focused"); });
      svg.querySelectorAll(".dim, .focus").forEach(function (el) {
        el.classList.remove("dim"); el.classList.remove("focus");
      });
    }
    function focus(ref) {
      clearFocus();
      var keep = {}; keep[ref] = true;
      svg.querySelectorAll("line.tie").forEach(function (line) {
        var s = line.getAttribute("data-source"), t = line.getAttribute("data-target");
        if (s === ref || t === ref) { keep[s] = true; keep[t] = true; line.classList.add("focus"); }
        else { line.classList.add("dim"); }
      });
      svg.querySelectorAll("g.node").forEach(function (node) {
        node.classList.add(keep[node.getAttribute(refAttr)] ? "focus" : "dim");
      });
      svg.classList.add("focused");
    }
    function show(node, x, y) {
      var parts = [node.getAttribute("data-label")];
      ["unitname", "role"].forEach(function (k) {
        var v = node.getAttribute("data-" + k); if (v) { parts.push(v); }
      });
      var deg = node.getAttribute("data-indegree");
      var holder = svg.closest("[data-indegree-label]");
      if (deg !== null) { parts.push((holder ? holder.getAttribute("data-indegree-label") : "in-degree") + " " + deg); }
      var people = node.getAttribute("data-people");
      if (people !== null) { parts.push(people + " ×"); }
      tip.textContent = parts.join(" · ");
      tip.hidden = false;
      tip.style.left = (x + 12) + "px";
      tip.style.top = (y + 12) + "px";
    }
    function toggle(node) {
      if (node.getAttribute("data-focused") === "1") { clearFocus(); return; }
      focus(node.getAttribute(refAttr));
      node.setAttribute("data-focused", "1");
    }
    svg.addEventListener("dblclick", function () { scale = 1; tx = 0; ty = 0; apply(); });
    function zoomBy(factor) {
      var vb = svg.viewBox.baseVal, cx = vb.width / 2, cy = vb.height / 2;
      var next = Math.min(Math.max(scale * factor, 0.3), 12);
      tx = cx - (cx - tx) * next / scale;
      ty = cy - (cy - ty) * next / scale;
      scale = next;
      apply();
    }
    tools(svg, {
      zoomIn: function () { zoomBy(1.25); },
      zoomOut: function () { zoomBy(1 / 1.25); },
      reset: function () { scale = 1; tx = 0; ty = 0; apply(); },
      clearFocus: clearFocus,
      refAttr: refAttr
    });
    svg.querySelectorAll("g.node").forEach(function (node) {
      // Keyboard: Tab to a node shows its details, Enter or Space focuses its ties.
      node.addEventListener("focus", function () {
        var box = node.getBoundingClientRect();
        show(node, box.right + window.scrollX, box.top + window.scrollY);
      });
      node.addEventListener("blur", function () { tip.hidden = true; });
      node.addEventListener("keydown", function (evt) {
        if (evt.key === "Enter" || evt.key === " ") { evt.preventDefault(); toggle(node); }
      });
      node.addEventListener("mouseenter", function (evt) { show(node, evt.pageX, evt.pageY); });
      node.addEventListener("mouseleave", function () { tip.hidden = true; });
      node.addEventListener("click", function (evt) {
        evt.stopPropagation();
        if (!moved) { toggle(node); }
      });
    });
    svg.addEventListener("click", function () { if (!moved) { clearFocus(); } });
    document.addEventListener("keydown", function (evt) { if (evt.key === "Escape") { clearFocus(); } });
    // ?focus=REF (a person's page links to their ego network so): start focused on that node.
    var wanted = new URLSearchParams(window.location.search).get("focus");
    svg.querySelectorAll("g.node").forEach(function (node) {
      if (wanted && node.getAttribute(refAttr) === wanted) { toggle(node); }
    });
  }

  /* Search and zoom buttons above a sociogram. Built here, not in the template, so a page
     without JavaScript shows only the server-rendered picture; the words come translated from
     data-* attributes of the .pictures block. */
  function tools(svg, view) {
    var holder = svg.closest("[data-search-label]");
    if (!holder) { return; }
    var bar = document.createElement("div");
    bar.className = "sociogram-tools";
    var label = document.createElement("label");
    label.textContent = holder.getAttribute("data-search-label") + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.setAttribute("data-search", "");
    label.appendChild(input);
    bar.appendChild(label);
    var count = document.createElement("span");
    count.className = "search-count";
    count.setAttribute("role", "status");
    bar.appendChild(count);
    [["in", "+", view.zoomIn], ["out", "\u2212", view.zoomOut],
     ["reset", holder.getAttribute("data-reset-label"), view.reset]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-zoom", b[0]);
      button.textContent = b[1];
      if (b[0] !== "reset") { button.setAttribute("aria-label", holder.getAttribute("data-zoom-" + b[0] + "-label")); }
      button.addEventListener("click", b[2]);
      bar.appendChild(button);
    });
    var box = svg.closest(".svg-box") || svg;
    box.parentNode.insertBefore(bar, box);

    function clear() {
      svg.classList.remove("searching");
      svg.querySelectorAll(".match").forEach(function (el) { el.classList.remove("match"); });
      svg.querySelectorAll("text.search-label").forEach(function (el) { el.remove(); });
      count.textContent = "";
    }
    function search(query) {
      view.clearFocus();
      clear();
      query = query.trim().toLowerCase();
      if (!query) { return; }
      var found = 0;
      svg.querySelectorAll("g.node").forEach(function (node) {
        var hay = [node.getAttribute("data-label"), node.getAttribute("data-unitname"),
                   node.getAttribute(view.refAttr)].join("\n").toLowerCase();
        if (hay.indexOf(query) < 0) { return; }
        found += 1;
        node.classList.add("match");
        if (!node.classList.contains("labelled")) {
          // A name left out of the picture (no room) is written while it is found.
          var r = parseFloat(node.querySelector("circle").getAttribute("r"));
          var text = document.createElementNS("http://www.w3.org/2000/svg", "text");
          text.setAttribute("class", "search-label");
          text.setAttribute("x", r + 2);
          text.setAttribute("y", 4);
          text.textContent = node.getAttribute("data-label");
          node.appendChild(text);
        }
      });
      svg.querySelectorAll("line.tie").forEach(function (line) {
        var ends = [line.getAttribute("data-source"), line.getAttribute("data-target")];
        var hit = svg.querySelectorAll("g.node.match").length && Array.prototype.some.call(
          svg.querySelectorAll("g.node.match"), function (n) {
            return ends.indexOf(n.getAttribute(view.refAttr)) >= 0;
          });
        if (hit) { line.classList.add("match"); }
      });
      svg.classList.add("searching");
      count.textContent = found + " " + holder.getAttribute("data-found-label");
    }
    input.addEventListener("input", function () { search(input.value); });
    input.addEventListener("keydown", function (evt) {
      if (evt.key === "Escape") { input.value = ""; clear(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupControls();
    var tip = tooltip();
    document.querySelectorAll("svg.sociogram").forEach(function (svg) { setup(svg, tip); });
  });
})();

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

  document.addEventListener("DOMContentLoaded", function () {
    setupControls();
    var tip = tooltip();
    document.querySelectorAll("svg.sociogram").forEach(function (svg) { setup(svg, tip); });
  });
})();

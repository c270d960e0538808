// Hovering or focusing a person in the system picture highlights them in every unit.
(function () {
  var svg = document.querySelector("svg.systempicture");
  if (!svg) return;
  function mark(ref, on) {
    svg.querySelectorAll('[data-person="' + CSS.escape(ref) + '"]').forEach(function (el) {
      el.classList.toggle("highlight", on);
    });
  }
  svg.addEventListener("mouseover", function (e) {
    var g = e.target.closest("[data-person]");
    if (g) mark(g.getAttribute("data-person"), true);
  });
  svg.addEventListener("mouseout", function (e) {
    var g = e.target.closest("[data-person]");
    if (g) mark(g.getAttribute("data-person"), false);
  });
})();

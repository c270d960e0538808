/* olievlek: sortable tables. Any <table class="sortable"> gets a button in each column
   header; clicking sorts the rows by that column (numbers as numbers, a cell's data-sort
   value first), again to reverse. No inline script: loaded from base.html. */
(function () {
  "use strict";

  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  function compare(a, b) {
    var x = parseFloat(a.replace(",", ".")), y = parseFloat(b.replace(",", "."));
    if (!isNaN(x) && !isNaN(y) && String(x) === a.replace(",", ".").replace(/%$/, "").trim()) {
      return x - y;
    }
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function setup(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        Array.prototype.forEach.call(table.tBodies, function (body) {
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (r1, r2) {
            var order = compare(value(r1, index), value(r2, index));
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(setup);
  });
})();

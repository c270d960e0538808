// Site-wide behaviour, kept out of the templates so that the Content-Security-Policy can
// forbid inline script: a <select data-submit-on-change> submits its form when changed
// (the language switch; without JavaScript its <noscript> button does the same).
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();

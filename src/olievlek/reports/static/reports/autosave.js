// Autosaves the case report's draft: each section's text is posted (section, text) a second
// and a half after the last keystroke, and when the field loses focus. The form's own Save
// button (shown without JavaScript) stores every section at once.
(function () {
  "use strict";
  var form = document.getElementById("report-editor");
  if (!form) return;
  var url = form.getAttribute("data-autosave-url");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  var saved = {};

  function status(section, text) {
    var el = form.querySelector('[data-autosave-status="' + section + '"]');
    if (el) el.textContent = text;
  }

  function save(field) {
    var section = field.getAttribute("data-autosave");
    if (saved[section] === field.value) return;
    var value = field.value;
    var body = new URLSearchParams();
    body.append("section", section);
    body.append("text", value);
    status(section, form.getAttribute("data-saving") || "…");
    fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        saved[section] = value;
        status(section, (form.getAttribute("data-saved-label") || "Saved") + " " +
          new Date(result.data.saved).toLocaleTimeString());
      } else {
        status(section, result.data.error || "Error");
      }
    }).catch(function () {
      status(section, form.getAttribute("data-offline-label") || "Not saved");
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-autosave]"), function (field) {
    var section = field.getAttribute("data-autosave");
    saved[section] = field.value;
    field.addEventListener("input", function () {
      window.clearTimeout(timers[section]);
      timers[section] = window.setTimeout(function () { save(field); }, 1500);
    });
    field.addEventListener("blur", function () {
      window.clearTimeout(timers[section]);
      save(field);
    });
  });
})();

// The questionnaire: save every answer through the API as it is given, show the detail
// questions for ticked colleagues, filter the roster by name, submit once. No framework.
// Without JavaScript the form posts to the page itself, which does the same on the server.
// Every save says which version of the answers it is based on (base_version); when another
// tab saved newer answers the server refuses it (409) and the page reloads with the newest
// answers and a message (?stale=1), instead of silently overwriting them.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form || !window.fetch) return;
  var api = form.dataset.api, token = form.dataset.token, msg = form.dataset;
  var status = document.getElementById("save-status");
  var errorBox = document.getElementById("form-errors");
  var timer = null, saving = false, again = false, dirty = false, stale = false, current = null;
  var version = parseInt(form.dataset.version || "0", 10);

  function say(text) { if (status) status.textContent = text; }
  function value(id) { var el = document.getElementById(id); return el ? el.value : ""; }
  function number(id) { var v = value(id); return v === "" ? null : parseInt(v, 10); }

  function collect() {
    var consent = document.getElementById("consent").checked;
    var data = { consent: consent };
    if (!consent) return data;
    data.background = {};
    form.querySelectorAll("[data-bg]").forEach(function (el) { data.background[el.dataset.bg] = el.value; });
    data.advice = {};
    form.querySelectorAll("input[name=advice]:checked").forEach(function (cb) {
      var k = cb.value;
      data.advice[k] = { frequency: number("adv-" + k + "-frequency"), usefulness: number("adv-" + k + "-usefulness"),
                         topic: value("adv-" + k + "-topic") };
    });
    data.motivation = {};
    form.querySelectorAll("input[name=motivation]:checked").forEach(function (cb) {
      data.motivation[cb.value] = { frequency: number("mot-" + cb.value + "-frequency") };
    });
    var extra = form.querySelectorAll("[data-extra]");
    if (extra.length) {
      data.extra = {};
      extra.forEach(function (el) { data.extra[el.dataset.extra] = el.value; });
    }
    return data;
  }

  function request(method, path, body, keepalive) {
    body.base_version = version;
    return fetch(api + path, {
      method: method, keepalive: !!keepalive, credentials: "omit",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: JSON.stringify(body)
    });
  }

  function showErrors(payload) {
    if (!errorBox) return;
    var list = errorBox.querySelector("ul"), p = errorBox.querySelector("p");
    p.textContent = payload.detail || "";
    list.textContent = "";
    Object.keys(payload.errors || {}).forEach(function (key) {
      var li = document.createElement("li");
      li.textContent = payload.errors[key];
      list.appendChild(li);
    });
    errorBox.hidden = false;
    errorBox.focus();
  }

  function isStale(r, payload) { return r.status === 409 && payload.errors && payload.errors.base_version; }

  // Newer answers were saved elsewhere: show them (the server renders the form) and say so.
  function reloadNewer() {
    stale = true; dirty = false; clearTimeout(timer);
    window.location.replace(window.location.pathname + "?stale=1");
  }

  function setVersion(v) {
    version = v; form.dataset.version = v;
    var field = document.getElementById("base-version");
    if (field) field.value = v;
  }

  // One save at a time, in order; changes made meanwhile are saved right after. Returns a
  // promise that settles when this save and those queued behind it are done.
  function save() {
    if (stale) return Promise.resolve();
    if (saving) { again = true; return current; }
    saving = true; again = false; dirty = false;
    say(msg.msgSaving);
    current = request("PUT", "/answers", collect()).then(function (r) {
      return r.json().then(function (payload) {
        if (r.ok) { say(msg.msgSaved); setVersion(payload.answers_version); }
        else if (isStale(r, payload)) { reloadNewer(); }
        else if (r.status === 409 && payload.errors && payload.errors.consent) { say(msg.msgConsent); }
        else { dirty = true; say(msg.msgError + " " + (payload.detail || r.status)); }
      });
    }).catch(function () {
      dirty = true; say(msg.msgOffline);
      setTimeout(schedule, 5000);
    }).then(function () {
      saving = false;
      if (again) return save();
    });
    return current;
  }

  function schedule() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  }

  // The follow-up questions of a colleague ticked for the first time, made from the page's
  // <template> (the server sends them only for colleagues already ticked) and put in roster order.
  function makeDetail(cb) {
    var template = document.getElementById(cb.name + "-template");
    var block = document.getElementById(cb.name + "-details");
    if (!template || !block) return null;
    var detail = template.content.firstElementChild.cloneNode(true);
    [detail].concat(Array.prototype.slice.call(detail.querySelectorAll("[id], [name], [for]"))).forEach(function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace("__pk__", cb.value));
      });
    });
    var label = document.querySelector("label[for='" + cb.id + "']");
    detail.querySelector("[data-who]").textContent = label ? label.textContent : "";
    var next = null, after = false;
    form.querySelectorAll("input[name=" + cb.name + "]").forEach(function (other) {
      if (other === cb) { after = true; return; }
      if (after && !next) next = document.getElementById(other.dataset.detail);
    });
    block.insertBefore(detail, next);
    return detail;
  }

  function toggleDetail(cb) {
    var detail = document.getElementById(cb.dataset.detail);
    if (!detail && cb.checked) detail = makeDetail(cb);
    if (detail) detail.hidden = !cb.checked;
    var block = document.getElementById(cb.name + "-details");
    if (block) {
      var any = form.querySelectorAll("input[name=" + cb.name + "]:checked").length > 0;
      block.querySelector(".none-note").hidden = any;
    }
  }

  form.addEventListener("change", function (e) {
    if (e.target.dataset.detail) toggleDetail(e.target);
    if (e.target.type === "search") return;
    schedule();
  });
  form.addEventListener("input", function (e) {
    if (e.target.type === "search") return filter(e.target);
    if (e.target.tagName === "TEXTAREA" || e.target.type === "text") schedule();
  });

  // Roster search: hide people whose name does not contain the text, and empty units.
  function filter(input) {
    var list = document.getElementById(input.dataset.search), q = input.value.trim().toLowerCase(), shown = 0;
    list.querySelectorAll("li").forEach(function (li) {
      var match = !q || li.dataset.name.indexOf(q) !== -1;
      li.hidden = !match;
      if (match) shown++;
    });
    list.querySelectorAll("fieldset.unit").forEach(function (fs) {
      fs.hidden = fs.querySelectorAll("li:not([hidden])").length === 0;
    });
    var count = document.getElementById(input.getAttribute("aria-describedby").split(" ")[0]);
    if (count) count.textContent = q ? shown + " " + msg.msgMatches : "";
  }
  form.querySelectorAll("input[type=search]").forEach(function (input) {
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var button = e.submitter || document.getElementById("submit-button");
    clearTimeout(timer);
    if (button.value !== "submit") { save(); return; }
    if (button.disabled || stale) return;
    button.disabled = true;
    say(msg.msgSending);
    // Wait for a save under way, so the submit is based on its version. The server makes one
    // response however often this is sent (double click, retry).
    (saving ? current : Promise.resolve()).then(function () {
      if (stale) return;
      return request("POST", "/submit", collect()).then(function (r) {
        return r.json().then(function (payload) {
          if (r.ok) { dirty = false; window.location.replace(window.location.pathname + "?submitted=1"); return; }
          if (isStale(r, payload)) { reloadNewer(); return; }
          button.disabled = false; say(""); showErrors(payload);
        });
      });
    }).catch(function () { button.disabled = false; say(msg.msgOffline); });
  });

  // Leaving the page with unsaved changes: send them anyway (keepalive outlives the page).
  window.addEventListener("pagehide", function () {
    if (dirty && !stale) {
      clearTimeout(timer);
      // a save under way will make the next version: base this last one on it
      if (saving) version += 1;
      request("PUT", "/answers", collect(), true);
    }
  });
})();

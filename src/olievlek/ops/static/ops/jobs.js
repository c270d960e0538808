// Follows a background job: fetches the status fragment every 1.5 s until the job is done
// or failed. Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.getAttribute("data-job-status-url");

  function finished() {
    var status = box.querySelector("[data-finished]");
    return status && status.getAttribute("data-finished") === "1";
  }

  function poll() {
    if (finished()) return;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        box.innerHTML = html;
        if (!finished()) window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1500);
})();

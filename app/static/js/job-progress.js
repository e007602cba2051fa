// Updates a job's progress card (app/jobs/templates/jobs/show.html) without a reload:
// reads its progress.json every second until the job has finished. Without JavaScript
// the page says to refresh. With data-job-reload the page reloads once the job has finished.
(function () {
  "use strict";
  var card = document.querySelector("[data-job-progress]");
  if (!card || card.hasAttribute("data-job-finished")) { return; }
  var url = card.getAttribute("data-job-progress");
  var labels = {queued: "Queued", running: "Running", done: "Done", failed: "Failed", cancelled: "Cancelled"};
  var colours = {queued: "secondary", running: "primary", done: "success", failed: "danger", cancelled: "dark"};

  function number(n) { return Number(n).toLocaleString("en"); }

  function show(job) {
    var badge = card.querySelector("[data-job-state]");
    badge.textContent = labels[job.state];
    badge.className = "badge text-bg-" + colours[job.state];
    var bar = card.querySelector("[data-job-bar]");
    var percent = job.percent === null ? (job.state === "running" ? 100 : 0) : job.percent;
    if (job.percent !== null) { bar.setAttribute("aria-valuenow", job.percent); }
    bar.firstElementChild.style.width = percent + "%";
    if (job.finished) { bar.firstElementChild.classList.remove("progress-bar-striped", "progress-bar-animated"); }
    if (job.total) {
      card.querySelector("[data-job-counts]").textContent =
        number(job.done) + " of " + number(job.total) + (job.percent === null ? "" : " (" + job.percent + "%)");
    }
    [["[data-job-result]", job.result], ["[data-job-error]", job.error]].forEach(function (pair) {
      var element = card.querySelector(pair[0]);
      element.textContent = pair[1] || "";
      element.classList.toggle("d-none", !pair[1]);
    });
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job) { show(job); }
        if (job && job.finished && card.hasAttribute("data-job-reload")) {
          window.location.reload();  // the page shows the finished work (e.g. an import's results)
        } else if (!job || !job.finished) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());

/* Follows a roster import written in the background: asks the server every second how far it has
   got, moves the progress bar, and shows the result page when the import has finished. */
(function () {
  "use strict";
  var box = document.getElementById("roster-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-job-progress]");
  var percent = box.querySelector("[data-job-percent]");
  var label = box.querySelector("[data-job-label]");
  var count = box.querySelector("[data-job-count]");
  var stalled = box.querySelector("[data-job-stalled]");

  function update(state) {
    label.textContent = state.label;
    if (state.indeterminate) {
      bar.removeAttribute("value");
      percent.textContent = "";
    } else {
      bar.value = state.percent;
      percent.textContent = state.percent + "%";
    }
    bar.setAttribute("aria-valuetext", state.label + (state.indeterminate ? "" : " " + state.percent + "%"));
    if (count && state.total && !state.finished) { count.textContent = " · " + state.done + " / " + state.total; }
    if (stalled) { stalled.classList.toggle("d-none", !(state.waiting_long || state.stalled)); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        update(state);
        if (state.finished) { window.location.assign(state.result_url); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 500);
}());

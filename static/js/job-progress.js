/* Follows work done in the background (a report file, a roster import): asks the server every
   second how far it has got (the box's data-status-url), moves the progress bar, and shows what
   the finished work offers: the download button, or the result page (result_url) it moves on to. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job][data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-job-progress]");
  var percent = box.querySelector("[data-job-percent]");
  var label = box.querySelector("[data-job-label]");
  var count = box.querySelector("[data-job-count]");

  function show(selector, visible) {
    var element = box.querySelector(selector);
    if (element) { element.classList.toggle("d-none", !visible); }
  }

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
    if (count && state.total) { count.textContent = " · " + state.done + " / " + state.total; }
    show("[data-job-ready]", state.status === "ready");
    show("[data-job-failed]", state.status === "failed");
    show("[data-job-waiting]", !state.finished);
    show("[data-job-stalled]", state.waiting_long);
    show("[data-job-stalled-note]", state.stalled);
    show("[data-job-stalled-any]", state.waiting_long || state.stalled);
    show("[data-job-again]", state.stalled || state.status === "failed");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        update(state);
        if (state.finished && state.result_url) { window.location.assign(state.result_url); return; }
        if (!state.finished) { window.setTimeout(poll, state.stalled ? 5000 : 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 500);
}());

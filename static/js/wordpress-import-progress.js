// Follows a WordPress import that is queued or running: asks the run's progress as JSON
// every two seconds, moves the bar, and reloads the page once the run has finished so
// that it shows the report (or the error). The page works without it: it has a link.
const POLL_MS = 2000;
const box = document.querySelector("[data-progress-url]");

async function poll() {
  try {
    const response = await fetch(box.dataset.progressUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (response.ok) {
      const run = await response.json();
      if (run.finished) {
        window.location.reload();
        return;
      }
      const bar = box.querySelector("progress");
      if (run.total) {
        bar.max = run.total;
        bar.value = run.done;
      }
      box.querySelector("[data-progress-text]").textContent = run.text;
      const state = document.querySelector("[data-progress-state]");
      if (state) state.textContent = run.state_label;
    }
  } catch {
    // A dropped connection: the next tick tries again.
  }
  window.setTimeout(poll, POLL_MS);
}

if (box) window.setTimeout(poll, POLL_MS);

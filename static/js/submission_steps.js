// The submission form's step list: without JavaScript its links open a step and only the
// buttons save. With it, following a step's link after typing saves the draft first, the
// way "Save and continue" does, so nothing typed is lost by moving through the list.
const form = document.querySelector("form[data-step-form]");
let changed = false;

if (form) {
  form.addEventListener("input", () => { changed = true; });
  form.addEventListener("change", () => { changed = true; });
  for (const link of document.querySelectorAll("a[data-step]")) {
    link.addEventListener("click", (event) => {
      if (!changed || link.getAttribute("aria-current")) return;
      event.preventDefault();
      const go = document.createElement("input");
      go.type = "hidden";
      go.name = "go";
      go.value = link.dataset.step;
      form.append(go);
      form.requestSubmit();
    });
  }
}

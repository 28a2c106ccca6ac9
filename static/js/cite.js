// "Copy" buttons for the citations of an article page. Without JavaScript (or without
// clipboard access) the buttons stay hidden and the citations can be selected as text.
const status = document.querySelector("[data-copy-status]");

for (const button of document.querySelectorAll("button[data-copy]")) {
  if (!navigator.clipboard) break;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.innerText.trim());
    } catch {
      return;
    }
    if (status) status.textContent = button.dataset.done;
    button.classList.add("is-done");
    setTimeout(() => button.classList.remove("is-done"), 2000);
  });
}

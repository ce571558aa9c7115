// "Save and generate questions" takes several seconds on the server: say so at once, and keep
// the button from being pressed twice. Without JavaScript the form simply submits.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (!button || !button.matches("[data-generate-button]")) return;
  const form = event.target;
  // A disabled button is left out of the submitted form: send its name in a hidden field.
  const marker = document.createElement("input");
  marker.type = "hidden";
  marker.name = button.name;
  marker.value = button.value;
  marker.dataset.generateMarker = "";
  form.append(marker);
  button.disabled = true;
  const progress = form.querySelector("[data-generate-progress]");
  if (progress) progress.textContent = "Generating questions… this takes a few seconds.";
});

// Back to this page from the browser's cache: the button works again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll("[data-generate-marker]").forEach((marker) => marker.remove());
  document.querySelectorAll("[data-generate-button]").forEach((button) => {
    button.disabled = false;
  });
  document.querySelectorAll("[data-generate-progress]").forEach((progress) => {
    progress.textContent = "";
  });
});

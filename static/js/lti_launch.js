// The launch page inside the course page: if this browser sent back the cookie the launch set,
// the quiz opens right here; if not (third-party cookies blocked), the new-window link stays and
// the page says why. Without JavaScript the new-window link is all there is, and it works.
document.addEventListener("DOMContentLoaded", async () => {
  const entry = document.getElementById("lti-entry");
  if (!entry) return;
  let cookieCameBack = false;
  try {
    const response = await fetch(entry.dataset.cookieCheck, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    cookieCameBack = response.ok && (await response.json()).cookie === true;
  } catch {
    cookieCameBack = false;
  }
  if (cookieCameBack) {
    document.getElementById("open-here").hidden = false;
    document.getElementById("open-in-new-window").hidden = true;
  } else {
    document.getElementById("cookies-blocked").hidden = false;
  }
});

// After htmx swaps in a question or its feedback: move focus to the new content and read the
// verdict aloud through the page's live region. Loaded with `defer`, after htmx.
(function () {
  "use strict";
  if (typeof htmx === "undefined") return;

  htmx.on("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var card = document.getElementById("question-card") || target;
    var focusTarget = card.querySelector("[data-focus]");
    var announcement = card.querySelector("[data-announce]");
    var announcer = document.getElementById("announcer");
    if (announcer) announcer.textContent = announcement ? announcement.textContent.trim() : "";
    if (focusTarget) focusTarget.focus();
    var error = document.getElementById("request-error");
    if (error) error.hidden = true;
  });

  htmx.on("htmx:afterSettle", function () {
    var card = document.getElementById("question-card");
    if (card && card.dataset.title) document.title = card.dataset.title;
  });

  function showRequestError(message) {
    var error = document.getElementById("request-error");
    if (!error) return;
    error.textContent = message;
    error.hidden = false;
  }
  htmx.on("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) {
      showRequestError("Your session has expired: reload the page to go on. Your saved answers are safe.");
    } else if (status === 503) {
      showRequestError("The server is busy: wait a moment, then try again. Your saved answers are safe.");
    } else {
      showRequestError("Something went wrong on the server. Your saved answers are safe: try again in a moment.");
    }
  });
  htmx.on("htmx:sendError", function () {
    showRequestError("The server could not be reached. Check your connection and try again.");
  });
})();

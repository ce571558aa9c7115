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

  function showRequestError() {
    var error = document.getElementById("request-error");
    if (error) error.hidden = false;
  }
  htmx.on("htmx:responseError", showRequestError);
  htmx.on("htmx:sendError", showRequestError);
})();

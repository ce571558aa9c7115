// Admin: select words in the article text to make them the question's citation. The offsets are
// counted in code points (as Python counts them; JavaScript strings count UTF-16 units, two for an
// emoji) and checked again on the server when saving. They count the text as the page holds it,
// where HTML has made every line break "\n": the server stores articles that way too.
(function () {
  "use strict";
  function codePoints(text) {
    return Array.from(text).length;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-citation-source]");
    if (!source) return;
    var quote = document.getElementById("id_citation_quote");
    var start = document.getElementById("id_citation_start");
    var end = document.getElementById("id_citation_end");
    var status = document.querySelector("[data-citation-status]");
    source.addEventListener("mouseup", pick);
    source.addEventListener("keyup", pick);
    function pick() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
      var range = selection.getRangeAt(0);
      if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
      var before = document.createRange();
      before.setStart(source, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var prefix = before.toString();
      var chosen = range.toString();
      var first = codePoints(prefix);
      quote.value = chosen;
      start.value = first;
      end.value = first + codePoints(chosen);
      if (status) status.textContent = "Citation set to characters " + start.value + "–" + end.value + ". Save to check it.";
    }
  });
})();

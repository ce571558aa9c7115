// The time left on a quiz with a time limit, counted down each second. The clock itself is not a
// live region (a screen reader would read it every second); the page's announcer says "one
// minute left" once, and "time is up" once. The server sends the seconds left rather than the
// deadline, so a student's wrong computer clock does not matter. Loaded with `defer`.
(function () {
  "use strict";
  // The moments already announced, per deadline: an htmx swap brings a new clock for the same
  // attempt, which must not announce them again.
  var announced = {};

  function clock(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = String(seconds % 60).padStart(2, "0");
    if (hours) return hours + ":" + String(minutes).padStart(2, "0") + ":" + rest;
    return minutes + ":" + rest;
  }

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (announcer) announcer.textContent = text;
  }

  function tick() {
    var timer = document.querySelector("[data-countdown]");
    if (!timer) return;
    if (!timer.dataset.endsAt) {
      timer.dataset.endsAt = String(Date.now() + Number(timer.dataset.secondsLeft) * 1000);
    }
    var left = Math.max(0, Math.round((Number(timer.dataset.endsAt) - Date.now()) / 1000));
    timer.textContent = clock(left);
    var said = announced[timer.dataset.expires] || (announced[timer.dataset.expires] = {});
    if (left === 0 && !said.end) {
      said.end = said.minute = true;
      announce("Time is up: answers are no longer accepted.");
    } else if (left <= 60 && !said.minute) {
      said.minute = true;
      announce("One minute left.");
    }
  }

  tick();
  setInterval(tick, 1000);
})();

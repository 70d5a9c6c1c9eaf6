// Speaker countdowns on the projector, audience page and console. A running countdown carries
// its end time on the server's clock (data-ends-at, ms), so a frame pushed or cached a minute
// ago still counts right; this script only needs the server's clock. It learns it from the page
// (<body data-server-ms>, when the response began to arrive) and then from the stream's `clock`
// events, which the server sends when a stream opens and with every heartbeat.
(function () {
  "use strict";
  let offset = 0; // server clock minus this browser's clock, in ms

  const served = Number(document.body.dataset.serverMs);
  if (served) {
    // The server read its clock somewhere between sending our request and our receiving the
    // answer: take the middle, so a slow answer (a busy server) is off by half its delay, not
    // all of it. The stream's first `clock` event then sets the offset exactly.
    const navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    const middle = navigation
      ? performance.timeOrigin + (navigation.requestStart + navigation.responseStart) / 2
      : Date.now();
    offset = served - middle;
  }
  document.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail && event.detail.type === "clock") {
      offset = Number(event.detail.data) - Date.now();
      tick(); // show the corrected time now, not at the next quarter second
    }
  });

  function secondsLeft(element) {
    if (element.dataset.state === "running" && element.dataset.endsAt) {
      return (Number(element.dataset.endsAt) - (Date.now() + offset)) / 1000;
    }
    return Number(element.dataset.left);
  }

  function clockText(seconds) {
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function show(element) {
    const left = secondsLeft(element);
    // The server's time this text was worked out for: what a reader (or a test) compares the
    // shown second with, without the delay between painting and reading.
    element.dataset.shownAt = String(Math.round(Date.now() + offset));
    const clock = element.querySelector(".clock");
    if (element.dataset.state !== "idle" && left <= 0) {
      // Past the end the clock counts the overtime up (超时 +0:42), on every screen alike.
      if (element.dataset.state === "running" && element.dataset.counting === "down") {
        // Time ran out while this page watched: the projector's tone (static/js/sound.js).
        document.dispatchEvent(new CustomEvent("arena:timeup"));
      }
      element.dataset.counting = "over";
      clock.textContent = "+" + clockText(Math.floor(-left));
      element.classList.add("time-up");
      element.classList.remove("warning");
      return;
    }
    element.dataset.counting = "down";
    const whole = Math.max(0, Math.ceil(left));
    clock.textContent = clockText(whole);
    element.classList.toggle("warning", whole <= 60);
    element.classList.remove("time-up");
  }
  function tick() {
    document.querySelectorAll(".countdown").forEach(show);
  }
  tick();
  setInterval(tick, 250);
})();

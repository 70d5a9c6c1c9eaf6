// Speaker countdowns on the projector, audience page and console. The server renders the
// seconds left at that moment; this only counts down from there, so every screen (and a
// reloaded one) shows the same second. Elements swapped in by htmx are picked up on the next tick.
(function () {
  "use strict";
  function show(element) {
    if (!element.dataset.seenAt) element.dataset.seenAt = String(Date.now());
    let left = Number(element.dataset.left);
    if (element.dataset.state === "running") {
      left -= (Date.now() - Number(element.dataset.seenAt)) / 1000;
    }
    const clock = element.querySelector(".clock");
    if (element.dataset.state === "running" && left <= 0) {
      clock.textContent = element.dataset.timeUp;
      element.classList.add("time-up");
      element.classList.remove("warning");
      return;
    }
    const whole = Math.max(0, Math.ceil(left));
    const minutes = Math.floor(whole / 60);
    clock.textContent = `${minutes}:${String(whole % 60).padStart(2, "0")}`;
    element.classList.toggle("warning", whole <= 60);
    element.classList.remove("time-up");
  }
  function tick() {
    document.querySelectorAll(".countdown").forEach(show);
  }
  tick();
  setInterval(tick, 250);
})();

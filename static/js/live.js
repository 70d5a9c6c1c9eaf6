// Pages that follow a live stream (htmx's SSE extension): is the stream alive? It is while
// messages arrive; the server sends a clock event with every heartbeat (15 s), so 40 s of
// silence means a broken stream. Only then, every 20 s, elements marked data-poll-when-silent
// get an `arena:poll` event (their hx-trigger) and fetch their frame. Driven from here rather
// than by an htmx trigger filter, which htmx evaluates with eval() and the CSP forbids.
(function () {
  "use strict";
  let lastMessageAt = 0;
  function seen() { lastMessageAt = Date.now(); }
  document.addEventListener("htmx:sseOpen", function () {
    seen();
    document.documentElement.dataset.stream = "open";
  });
  document.addEventListener("htmx:sseError", function () {
    document.documentElement.dataset.stream = "broken";
  });
  document.addEventListener("htmx:sseMessage", seen);
  window.arenaStreamLive = function () { return Date.now() - lastMessageAt < 40000; };
  setInterval(function () {
    if (window.arenaStreamLive() || !window.htmx) return;
    document.querySelectorAll("[data-poll-when-silent]").forEach(function (element) {
      window.htmx.trigger(element, "arena:poll");
    });
  }, 20000);
})();

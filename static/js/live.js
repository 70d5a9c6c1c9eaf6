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
  // What has arrived, for anyone waiting on it (the browser tests wait for these rather than
  // for a fixed time): the server's clock, then the current state.
  document.addEventListener("htmx:sseMessage", function (event) {
    seen();
    const root = document.documentElement.dataset;
    if (event.detail && event.detail.type === "clock") root.clock = "server";
    else root.fed = "yes";
  });
  window.arenaStreamLive = function () { return Date.now() - lastMessageAt < 40000; };
  setInterval(function () {
    if (window.arenaStreamLive() || !window.htmx) return;
    document.querySelectorAll("[data-poll-when-silent]").forEach(function (element) {
      window.htmx.trigger(element, "arena:poll");
    });
  }, 20000);
})();

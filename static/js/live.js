// Pages that follow a live stream (htmx's SSE extension): is the stream alive? It is while
// messages arrive; the server sends a clock event with every heartbeat (15 s), so 40 s of
// silence means a broken stream. The pages' slow poll fires only then: `[!arenaStreamLive()]`.
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
})();

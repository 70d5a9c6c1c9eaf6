// Behaviour every page shares, without inline handlers (the Content-Security-Policy allows
// scripts from this site only):
//   data-confirm="…" on a form, or on its submit button: ask before sending.
//   data-print on a button: open the browser's print dialog.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const source = event.submitter && event.submitter.dataset.confirm !== undefined
      ? event.submitter : event.target;
    const question = source.dataset && source.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();

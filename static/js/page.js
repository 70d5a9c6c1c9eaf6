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

  // data-live-total="criteria": 满分合计 under the criteria, recounted as they are typed
  // (rows being edited read their inputs; the one being added is shown apart).
  function number(value) {
    const parsed = Number(value);
    return value !== "" && isFinite(parsed) ? parsed : null;
  }
  function criteriaTotal() {
    const box = document.querySelector("[data-live-total=criteria]");
    if (!box) return;
    const section = box.closest(".collection");
    let total = 0;
    section.querySelectorAll("tbody tr").forEach(function (row) {
      const max = row.classList.contains("editing")
        ? number(row.querySelector("[name=max_score]").value) : number(row.dataset.max || "");
      const weight = row.classList.contains("editing")
        ? number(row.querySelector("[name=weight]").value) : number(row.dataset.weight || "");
      if (max !== null && weight !== null) total += max * weight;
    });
    const shown = (value) => String(Number(value.toFixed(2)));
    box.querySelector("b").textContent = shown(total);
    const adding = section.querySelector(".add-form");
    const pending = box.querySelector(".pending");
    const max = adding && number(adding.querySelector("[name=max_score]").value);
    const weight = adding && number(adding.querySelector("[name=weight]").value || "1");
    pending.textContent = max !== null && weight !== null
      ? pending.dataset.text.replace("{total}", shown(total + max * weight)) : "";
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#collection-criteria")) criteriaTotal();
  });
  document.body.addEventListener("htmx:afterSettle", criteriaTotal);

  // data-copy="text" on a button: copy it in one tap. The Clipboard API needs HTTPS or
  // localhost; venue Wi-Fi is often plain HTTP, where a selected textarea and execCommand work.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    copyText(button.dataset.copy).then(
      function () { button.textContent = button.dataset.done; },
      function () { button.textContent = button.dataset.failed; }
    );
    setTimeout(function () { button.textContent = label; }, 2000);
  });
})();

// The judge's sheet: running total, thumb-sized steppers, a draft kept in this browser, and a
// submission that is retried with the same id until the server confirms it (so a retry never
// records twice). Without this script the form still posts as plain HTML.
(function () {
  "use strict";
  const form = document.getElementById("sheet-form");
  if (!form) return;

  const draftKey = form.dataset.draftKey;
  // Messages in the page's language, rendered by the server (judge_sheet.html).
  const T = JSON.parse(document.getElementById("judge-messages").textContent);
  const stateBox = document.getElementById("save-state");
  const totalBox = document.getElementById("running-total");
  const button = form.querySelector("button[type=submit]");
  const baseInput = form.querySelector("input[name=base_version]");
  const idInput = form.querySelector("input[name=submission_id]");
  const scoreInputs = Array.from(form.querySelectorAll("input[type=number]"));
  const comment = form.querySelector("textarea[name=comment]");
  const toastBox = document.getElementById("toast");
  let toastTimer = null;
  let inFlight = false;
  let retryTimer = null;
  let retryDelay = 1000;

  function newSubmissionId() {
    // crypto.randomUUID needs HTTPS; venue Wi-Fi is often plain HTTP, getRandomValues is not.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function decimals(step) {
    const text = String(step);
    return text.includes(".") ? text.split(".")[1].length : 0;
  }

  function setState(text, kind) {
    stateBox.textContent = text;
    stateBox.className = "save-state " + (kind || "");
  }

  // The outcome where the thumb is: a toast just above the submit bar, gone after a while
  // unless it is a refusal, which stays until the next attempt.
  function toast(text, kind) {
    clearTimeout(toastTimer);
    toastBox.textContent = text;
    toastBox.className = "toast " + (kind || "");
    toastBox.hidden = !text;
    if (text && kind !== "refused") toastTimer = setTimeout(() => { toastBox.hidden = true; }, 4000);
  }

  function readDraft() {
    try {
      return JSON.parse(localStorage.getItem(draftKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeDraft(extra) {
    const draft = Object.assign(readDraft() || {}, {
      baseVersion: baseInput.value,
      values: Object.fromEntries(scoreInputs.map((input) => [input.name, input.value])),
      comment: comment ? comment.value : "",
      savedAt: Date.now(),
    }, extra || {});
    form.dataset.dirty = "1"; // judge_live.js keeps the phone on this sheet while it is set
    try {
      localStorage.setItem(draftKey, JSON.stringify(draft));
    } catch (error) {
      /* private mode or full storage: the form still works, only the draft is not kept */
    }
    return draft;
  }

  function clearDraft() {
    delete form.dataset.dirty;
    try { localStorage.removeItem(draftKey); } catch (error) { /* ignore */ }
  }

  // A score outside its range is flagged the moment it is typed (a 35 in a 满分 20 field),
  // under the field and in the total, not only by the browser's bubble on submit.
  function fieldProblem(input) {
    if (input.value === "" && !input.validity.badInput) return "";
    if (input.validity.badInput || isNaN(Number(input.value))) return T.notNumber;
    if (input.validity.rangeOverflow) return T.overMax.replace("{max}", input.max);
    if (input.validity.rangeUnderflow) return T.belowZero;
    if (input.validity.stepMismatch) return T.offStep.replace("{step}", input.step);
    return "";
  }

  function showProblems() {
    let any = false;
    for (const input of scoreInputs) {
      const problem = fieldProblem(input);
      const box = document.getElementById(input.id.replace("score_", "problem_"));
      box.textContent = problem;
      box.hidden = !problem;
      input.closest(".criterion").classList.toggle("invalid", Boolean(problem));
      any = any || Boolean(problem);
    }
    return any;
  }

  function updateTotal() {
    let total = 0;
    let complete = true;
    const outOfRange = showProblems();
    for (const input of scoreInputs) {
      if (input.value === "" || isNaN(Number(input.value))) { complete = false; continue; }
      total += Number(input.value) * Number(input.dataset.weight || 1);
    }
    for (const chip of form.querySelectorAll(".chip")) {
      const input = document.getElementById(chip.dataset.target);
      const picked = input.value !== "" && Number(input.value) === Number(chip.dataset.value);
      chip.setAttribute("aria-pressed", picked ? "true" : "false");
    }
    for (const input of scoreInputs) {
      input.closest(".criterion").classList.toggle("empty", input.value === "");
    }
    // Two decimals at most, without trailing zeros: 94.5, 88, 90.25.
    const shown = String(Number(total.toFixed(2)));
    totalBox.textContent = outOfRange
      ? shown + T.outOfRange : complete ? shown : shown + T.incomplete;
    totalBox.closest(".total").classList.toggle("invalid", outOfRange);
  }

  function nudge(input, direction) {
    const step = Number(input.step) || 1;
    const max = Number(input.max);
    // From empty, −/＋ start at a typical mark (the middle chip), not at 0 or at the maximum.
    const next = input.value === ""
      ? Number(input.dataset.typical)
      : Math.min(max, Math.max(0, Number(input.value) + direction * step));
    input.value = next.toFixed(decimals(input.step));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  form.addEventListener("click", (event) => {
    const chip = event.target.closest(".chip");
    if (chip) {
      const input = document.getElementById(chip.dataset.target);
      input.value = chip.dataset.value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    const target = event.target.closest(".step-up, .step-down");
    if (!target) return;
    nudge(document.getElementById(target.dataset.target), target.classList.contains("step-up") ? 1 : -1);
  });
  form.addEventListener("input", () => {
    updateTotal();
    writeDraft();
    if (!inFlight) setState(T.draftKept, "unsent");
  });

  // A message box above the form, created the first time it is needed.
  function boxAboveForm(id, tag, className, role) {
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement(tag);
      box.id = id;
      box.className = className;
      box.setAttribute("role", role);
      form.parentNode.insertBefore(box, form);
    }
    return box;
  }

  function showConfirmation(body) {
    const box = boxAboveForm("confirmation", "section", "card confirm", "status");
    const heading = document.createElement("h2");
    heading.textContent = T.recorded.replace("{version}", body.version);
    const list = document.createElement("ul");
    for (const input of scoreInputs) {
      const label = form.querySelector(`label[for="${input.id}"] b`).textContent;
      const item = document.createElement("li");
      item.textContent = label + T.colon;
      const value = document.createElement("b");
      value.textContent = body.values[input.name.replace("score_", "")];
      item.appendChild(value);
      list.appendChild(item);
    }
    box.replaceChildren(heading, list);
    if (body.values.comment) {
      const note = document.createElement("p");
      note.textContent = T.comment + body.values.comment;
      box.appendChild(note);
    }
  }

  function showError(message) {
    const box = boxAboveForm("client-error", "p", "card error-box", "alert");
    box.textContent = message;
    box.hidden = !message;
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  async function send() {
    const draft = readDraft();
    if (!draft || !draft.pendingId || inFlight) return;
    inFlight = true;
    button.disabled = true;
    clearTimeout(retryTimer);
    setState(T.sending, "sending");
    const body = new FormData(form);
    body.set("submission_id", draft.pendingId);
    let response;
    try {
      response = await fetch(form.action || location.href, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      response = null;
    }
    inFlight = false;
    button.disabled = false;
    if (!response || response.status >= 500 || response.status === 429) {
      setState(T.retrying, "unsent");
      toast(T.retrying, "retrying");
      scheduleRetry();
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (error) { /* keep {} */ }
    retryDelay = 1000;
    if (response.ok && data.recorded) {
      clearDraft();
      baseInput.value = data.version;
      form.dataset.version = data.version;
      button.textContent = T.sendChanges;
      showError("");
      showConfirmation(data);
      setState(T.saved.replace("{version}", data.version), "saved");
      toast(T.recorded.replace("{version}", data.version), "saved");
      const badge = document.querySelector(".contestant-head .badge");
      if (badge) {
        badge.textContent = T.submitted;
        badge.className = "badge status-submitted";
      }
      return;
    }
    // Refused: the message says why. This id is spent; a new attempt gets a new one.
    writeDraft({ pendingId: null });
    if (data.code === "stale" && data.current) {
      baseInput.value = data.current.version;
      for (const input of scoreInputs) {
        const value = data.current.values[input.name.replace("score_", "")];
        if (value !== undefined) input.value = value;
      }
      updateTotal();
      writeDraft({ pendingId: null });
    }
    showError(data.message || T.refused);
    setState(T.unsentBecause.replace("{reason}", data.message || T.refused), "unsent");
    toast(data.message || T.refused, "refused");
    if (data.field) {
      const field = document.getElementById("score_" + data.field);
      if (field) field.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (inFlight) return; // a double tap while sending: the first one is on its way
    if (button.hidden) return; // scoring has closed (judge_live.js shows why instead)
    toast("");
    if (!form.reportValidity()) return;
    const draft = readDraft();
    writeDraft({ pendingId: (draft && draft.pendingId) || newSubmissionId() });
    send();
  });
  window.addEventListener("online", () => { retryDelay = 1000; send(); });

  // Restore a draft typed before a reload, a dropped connection or a locked phone, as long as
  // it was based on the version the server shows now.
  const draft = readDraft();
  if (draft && String(draft.baseVersion || "") === String(baseInput.value || "")) {
    for (const input of scoreInputs) {
      if (draft.values && draft.values[input.name] !== undefined) input.value = draft.values[input.name];
    }
    if (comment && typeof draft.comment === "string") comment.value = draft.comment;
    form.dataset.dirty = "1";
    if (draft.pendingId) {
      setState(T.resending, "unsent");
      send();
    } else {
      setState(T.draftRestored, "unsent");
    }
  } else {
    if (draft) clearDraft(); // based on an older version: the server's record wins
    if (baseInput.value) setState(T.saved.replace("{version}", baseInput.value), "saved");
  }
  idInput.value = "";  // the script sends its own id; the server-rendered one is for no-JS posts
  updateTotal();
})();

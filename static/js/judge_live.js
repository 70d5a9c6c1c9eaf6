// The judge's pages follow the stage (screens/streams.py pushes `stage` events).
// - Home page: the sheet of the presenter now on stage opens by itself.
// - A sheet: when the organizer puts someone else on stage and nothing typed here is unsent,
//   the phone opens the new presenter's sheet by itself, as the home page does. With a draft
//   (typed, not yet recorded) it stays, and a note fixed above the submit button says who is on
//   stage. A sheet whose scoring has closed shows the reason where its submit button was, before
//   the judge types. When the contest's status changes (结束评分), the page reloads and says so.
// Without this script the pages still work: the judge taps the presenter on the home page.
(function () {
  "use strict";
  const box = document.getElementById("judge-live");
  if (!box) return;
  const banner = document.getElementById("live-banner");
  const form = document.getElementById("sheet-form");
  const stageNote = document.getElementById("stage-note");
  const closedReason = document.getElementById("closed-reason");
  const contestant = Number(box.dataset.contestant) || null;
  const skip = (box.dataset.skip || "").split(",").filter(Boolean).map(Number);
  let shown = box.dataset.stage ? JSON.parse(box.dataset.stage) : null;

  function sheetUrl(id) {
    return box.dataset.sheetUrl.replace(/\/0\/$/, `/${id}/`);
  }

  function scoringOpen(state, id) {
    return state.status === "live" && state.open.includes(id);
  }

  // Typed here and not yet recorded (static/js/judge.js marks the form while a draft exists).
  function hasDraft() {
    return Boolean(form && form.dataset.dirty === "1");
  }

  function show(target, text, link) {
    target.querySelector(".text").textContent = text;
    const button = target.querySelector("a");
    button.hidden = !link;
    if (link) {
      button.href = link;
      button.textContent = box.dataset.goText;
    }
    target.hidden = !text;
  }

  // A sheet page: who is on stage if it is someone else; whether this sheet still takes scores.
  function showSheetState(state) {
    const onStage = state.on_stage;
    let text = "";
    let link = null;
    if (onStage && onStage.id !== contestant && state.status === "live") {
      text = `${box.dataset.onStageText}${onStage.order}. ${onStage.name}`;
      if (!skip.includes(onStage.id) && scoringOpen(state, onStage.id)) link = sheetUrl(onStage.id);
    }
    const closed = form && !scoringOpen(state, contestant);
    if (form) {
      // Where the thumb is: above the submit button, which a closed sheet no longer offers.
      show(stageNote, text, link);
      banner.hidden = true;
      form.querySelector("button[type=submit]").hidden = closed;
      closedReason.hidden = !closed;
      closedReason.textContent = closed ? box.dataset.closedText : "";
      const badge = document.querySelector(".contestant-head .badge");
      if (closed && badge) {
        badge.textContent = box.dataset.closedLabel;
        badge.className = "badge status-closed";
      }
    } else {
      show(banner, text, link);
    }
  }

  function follow(raw) {
    if (raw === box.dataset.stage) return; // what the page already shows
    const state = JSON.parse(raw);
    const before = shown;
    box.dataset.stage = raw;
    shown = state;
    const onStage = state.on_stage;
    const next = onStage && scoringOpen(state, onStage.id) && !skip.includes(onStage.id);
    if (contestant === null) {
      // Home page: open the sheet of the presenter now on stage, or refresh the list.
      if (next) window.location.assign(sheetUrl(onStage.id));
      else window.location.reload();
      return;
    }
    if (before && before.status !== state.status && !hasDraft()) {
      window.location.reload(); // started or ended: the page says what is true now
      return;
    }
    const moved = !before || (before.on_stage && before.on_stage.id) !== (onStage && onStage.id);
    if (moved && next && onStage.id !== contestant && !hasDraft()) {
      window.location.assign(sheetUrl(onStage.id)); // nothing unsent here: follow the stage
      return;
    }
    if (!form && scoringOpen(state, contestant)) {
      window.location.reload(); // this sheet just opened: show its form (no draft to lose)
      return;
    }
    showSheetState(state);
  }

  if (contestant !== null && shown) showSheetState(shown);
  document.body.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail && event.detail.type === "stage") follow(event.detail.data);
  });
})();

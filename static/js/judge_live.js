// The judge's pages follow the stage (screens/streams.py pushes `stage` events): on the home
// page the next presenter's sheet opens by itself; on a sheet for someone else, or one whose
// scoring has closed, a banner says so before the judge types. Without this script the pages
// still work: the judge taps the presenter on the home page.
(function () {
  "use strict";
  const box = document.getElementById("judge-live");
  if (!box) return;
  const banner = document.getElementById("live-banner");
  const contestant = Number(box.dataset.contestant) || null;
  const skip = (box.dataset.skip || "").split(",").filter(Boolean).map(Number);

  function sheetUrl(id) {
    return box.dataset.sheetUrl.replace(/\/0\/$/, `/${id}/`);
  }

  function showBanner(text, link) {
    banner.querySelector(".text").textContent = text;
    const button = banner.querySelector("a");
    button.hidden = !link;
    if (link) {
      button.href = link;
      button.textContent = box.dataset.goText;
    }
    banner.hidden = false;
  }

  // A sheet page: say if its scoring has closed, and who is on stage if it is someone else.
  function showSheetState(state) {
    const onStage = state.on_stage;
    const scoringOpen = (id) => state.status === "live" && state.open.includes(id);
    const editable = box.dataset.editable === "1";
    const parts = [];
    if (editable && !scoringOpen(contestant)) parts.push(box.dataset.closedText);
    let link = null;
    if (onStage && onStage.id !== contestant && state.status === "live") {
      parts.push(`${box.dataset.onStageText}${onStage.order}. ${onStage.name}`);
      if (!skip.includes(onStage.id)) link = sheetUrl(onStage.id);
    }
    if (parts.length) {
      showBanner(parts.join(" "), link);
    } else {
      banner.hidden = true;
    }
  }

  function follow(raw) {
    if (raw === box.dataset.stage) return; // what the page already shows
    const state = JSON.parse(raw);
    const onStage = state.on_stage;
    const scoringOpen = (id) => state.status === "live" && state.open.includes(id);
    if (contestant === null) {
      // Home page: open the sheet of the presenter now on stage, or refresh the list.
      if (onStage && scoringOpen(onStage.id) && !skip.includes(onStage.id)) {
        window.location.assign(sheetUrl(onStage.id));
      } else {
        window.location.reload();
      }
      return;
    }
    box.dataset.stage = raw;
    if (box.dataset.editable !== "1" && scoringOpen(contestant)) {
      window.location.reload(); // this sheet just opened: show its form (no draft to lose)
      return;
    }
    showSheetState(state);
  }

  if (contestant !== null && box.dataset.stage) showSheetState(JSON.parse(box.dataset.stage));
  document.body.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail && event.detail.type === "stage") follow(event.detail.data);
  });
})();

// A list too long for one screen comes as pages (`.pages > .page`, the first shown): show
// the next every `data-seconds`. Looked up on each turn, so a frame pushed in later (a new
// <div class="pages">) pages too, starting from its first page.
setInterval(() => {
  for (const pages of document.querySelectorAll(".pages[data-seconds]")) {
    const items = [...pages.querySelectorAll(":scope > .page")];
    if (items.length < 2) continue;
    const now = Date.now();
    const due = Number(pages.dataset.turnAt || 0);
    if (!due) {
      pages.dataset.turnAt = now + Number(pages.dataset.seconds) * 1000;
      continue;
    }
    if (now < due) continue;
    const shown = items.findIndex((item) => !item.hidden);
    items.forEach((item, index) => { item.hidden = index !== (shown + 1) % items.length; });
    pages.dataset.turnAt = now + Number(pages.dataset.seconds) * 1000;
  }
}, 500);

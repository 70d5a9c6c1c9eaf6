// The projector's 排行榜 as bars: each push redraws the chart (the server's SVG, readable
// without this script); here a bar that changed place or length glides from where it was
// (FLIP: the last drawing's rows are remembered by name, in the chart's own units, so no
// layout is read before the swap). Nothing moves for readers who ask for reduced motion.
(() => {
  "use strict";
  const still = window.matchMedia("(prefers-reduced-motion: reduce)");
  let last = new Map();

  function rows(svg) {
    const found = new Map();
    for (const row of svg.querySelectorAll("g.bar-row")) {
      const label = row.querySelector("text");
      const bar = row.querySelector("rect.bar");
      found.set(row.dataset.name, {
        row, bar,
        y: Number(label ? label.getAttribute("y") : 0),
        width: bar ? Number(bar.getAttribute("width")) : 0,
      });
    }
    return found;
  }

  function glide(svg) {
    if (svg.dataset.drawn) return;
    svg.dataset.drawn = "yes";
    const now = rows(svg);
    if (!still.matches) {
      const moving = [];
      for (const [name, item] of now) {
        const before = last.get(name);
        if (!before || (before.y === item.y && before.width === item.width)) continue;
        item.row.dataset.moved = String(before.y - item.y); // up is positive, in chart units
        item.row.style.transition = "none";
        item.row.style.transform = `translateY(${before.y - item.y}px)`;
        if (item.bar) {
          item.bar.style.transition = "none";
          item.bar.style.width = `${before.width}px`;
        }
        moving.push(item);
      }
      svg.getBoundingClientRect(); // apply the old places before gliding from them
      for (const item of moving) {
        item.row.style.transition = "transform .8s ease";
        item.row.style.transform = "";
        if (item.bar) {
          item.bar.style.transition = "width .8s ease";
          item.bar.style.width = "";
        }
      }
    }
    last = now;
  }

  function check() {
    for (const svg of document.querySelectorAll(".bars-chart svg")) glide(svg);
  }
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
  check();
})();

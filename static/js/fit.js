// The projector's frame fits the screen, whatever the hall's projector (1080p, 720p, 4:3) and
// however many presenters: every size on the projector is in em, so when the frame is taller
// or wider than the window, or runs under the audience QR code in the corner, its font size
// shrinks until it fits. Runs on load, on every pushed frame and on resize.
(function () {
  "use strict";
  const SMALLEST = 0.35;

  function overlapsQr(frame, qr) {
    if (!qr) return false;
    const box = qr.getBoundingClientRect();
    return Array.from(frame.querySelectorAll("td, th, li, h1, h2, p, caption")).some(function (el) {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > box.left && r.bottom > box.top && r.left < box.right && r.top < box.bottom;
    });
  }

  function fit() {
    const frame = document.querySelector("#frame > .frame");
    if (!frame) return;
    const qr = document.querySelector(".projector-qr");
    let scale = 1;
    frame.style.fontSize = "";
    for (let round = 0; round < 12 && scale > SMALLEST; round += 1) {
      const over = Math.max(frame.scrollHeight / window.innerHeight, frame.scrollWidth / window.innerWidth);
      if (over > 1.001) {
        scale = Math.max(SMALLEST, (scale / over) * 0.98);
      } else if (overlapsQr(frame, qr)) {
        scale = Math.max(SMALLEST, scale * 0.94);
      } else {
        break;
      }
      frame.style.fontSize = scale.toFixed(3) + "em";
    }
    frame.dataset.scale = scale.toFixed(2);
  }

  document.addEventListener("htmx:afterSwap", fit);
  document.addEventListener("DOMContentLoaded", fit);
  window.addEventListener("resize", fit);
})();

// The projector's tone when a speaker's time runs out (超时), if switched on at the projector:
// browsers only let a page play sound after a click on it, so the switch is on the page itself,
// and it is off after every reload. Three short beeps, from an oscillator (no sound file).
(function () {
  "use strict";
  const toggle = document.querySelector("[data-sound-toggle]");
  if (!toggle) return;
  let audio = null;
  window.arenaBeeps = 0;

  function label() {
    const on = audio !== null;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? toggle.dataset.on : toggle.dataset.off;
  }

  toggle.addEventListener("click", function () {
    if (audio) {
      audio.close();
      audio = null;
    } else {
      audio = new (window.AudioContext || window.webkitAudioContext)();
      audio.resume();
    }
    label();
  });

  document.addEventListener("arena:timeup", function () {
    if (!audio) return;
    window.arenaBeeps += 1;
    for (let n = 0; n < 3; n += 1) {
      const start = audio.currentTime + n * 0.35;
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.4, start);
      volume.gain.exponentialRampToValueAtTime(0.001, start + 0.25);
      tone.connect(volume).connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.25);
    }
  });
  label();
})();

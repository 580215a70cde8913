// Work-around for pydata-sphinx-theme#2451 (0.17.x together with sphinx-book-theme 1.3.0): the page has
// two ".primary-toggle" buttons and the themes bind their click handlers to the first one, which is
// hidden, so the visible menu button does nothing. Clicks on the other buttons are forwarded to the
// first: on a phone that opens the navigation as a dialog (focus moves into it, Escape closes it,
// focus returns to the button); on a wide screen it folds the sidebar away and back.
// Remove this file when a release of pydata-sphinx-theme fixes #2451.
(() => {
  "use strict";
  function forward(selector) {
    const buttons = [...document.querySelectorAll(selector)];
    if (buttons.length < 2) return;
    const bound = buttons[0];
    buttons.slice(1).forEach((button) => {
      button.addEventListener("click", (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        button.focus();
        bound.click();
      });
    });
  }
  // a citation says when it was read: today's date, filled in on every page (pages without charts too)
  const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december"];
  function today() {
    const d = new Date();
    return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  }
  function start() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
    document.querySelectorAll(".swic-today").forEach((s) => { s.textContent = today(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

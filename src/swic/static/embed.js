// Draws every chart on the page with the bundled Vega, Vega-Lite and Vega-Embed.
// Bundled into _static/swic-charts.js by `python -m swic build` (vl-convert's javascript_bundle);
// the bundle defines vegaEmbed, vega and vegaLite in this scope.
const NL_FORMAT = { decimal: ",", thousands: ".", grouping: [3], currency: ["€\u00a0", ""], percent: "%" };
const NL_TIME = {
  dateTime: "%a %e %B %Y %X", date: "%d-%m-%Y", time: "%H:%M:%S", periods: ["", ""],
  days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
  shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
  months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
  shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
};
window.vegaEmbed = vegaEmbed;
window.vega = vega;
window.vegaLite = vegaLite;

function swicEmbedAll() {
  document.querySelectorAll("div.swic-chart[data-spec]").forEach((el) => {
    if (el.dataset.rendered) return;
    const specEl = document.getElementById(el.dataset.spec);
    if (!specEl) { el.dataset.rendered = "error"; return; }
    const spec = JSON.parse(specEl.textContent);
    el.dataset.rendered = "pending";
    vegaEmbed(el, spec, {
      mode: "vega-lite", renderer: "svg", actions: false, formatLocale: NL_FORMAT, timeFormatLocale: NL_TIME,
      tooltip: { theme: "light" },
    }).then((result) => {
      const svg = el.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        if (spec.description) svg.setAttribute("aria-label", spec.description);
      }
      el.dataset.rendered = "true";
    }).catch((err) => {
      el.dataset.rendered = "error";
      el.textContent = "De grafiek kon niet worden getekend; de gegevens staan in de tabel eronder.";
      console.error("swic chart", el.id, err);
    });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", swicEmbedAll);
} else {
  swicEmbedAll();
}

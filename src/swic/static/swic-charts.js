// Sociaal Werk in Cijfers: interactive charts, figure actions and the phone menu.
//
// Every figure arrives as a static image (SVG, rendered at build time): that is what shows without
// JavaScript and in print. This script (loaded with `defer`) replaces the image by the interactive
// chart when the chart comes near the screen: it loads Vega (only then, and once), picks the layout
// that fits the chart's width (phone or column) and draws the spec that was compiled at build time.
// When the width changes across the threshold (a phone turned sideways) the chart is drawn again in
// the other layout. It also makes "Link naar deze figuur" and "Kopieer de bronvermelding" copy text.
(() => {
  "use strict";
  const NL_FORMAT = { decimal: ",", thousands: ".", grouping: [3], currency: ["€\u00a0", ""], percent: "%" };
  const NL_TIME = {
    dateTime: "%a %e %B %Y %X", date: "%d-%m-%Y", time: "%H:%M:%S", periods: ["", ""],
    days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"],
    shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  };
  const me = document.currentScript;
  const base = me && me.src ? me.src.replace(/[^/]*$/, "") : "../_static/";
  let vegaReady = null;

  function loadVega() {
    if (window.vega) return Promise.resolve(window.vega);
    if (!vegaReady) {
      vegaReady = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = base + "../assets/vega/vega.min.js";
        s.async = true;
        s.onload = () => {
          window.vega.formatLocale(NL_FORMAT);
          window.vega.timeFormatLocale(NL_TIME);
          resolve(window.vega);
        };
        s.onerror = () => reject(new Error("vega.min.js could not be loaded"));
        document.head.appendChild(s);
      });
    }
    return vegaReady;
  }

  // The site's font (swic.fonts): Vega measures each label when it draws, so it waits until the faces it
  // uses have arrived (at most 1.5 s; with font-display: optional a late font leaves the fallback in place
  // for the whole visit, and Vega then measures in that).
  const FONT_FACES = ["400 12px 'SWiC Sans'", "600 12px 'SWiC Sans'"];
  let fontWait = null;

  function fontsReady() {
    if (!document.fonts || !document.fonts.load) return Promise.resolve();
    if (!fontWait) {
      fontWait = Promise.race([
        Promise.all(FONT_FACES.map((f) => document.fonts.load(f))).catch(() => null),
        new Promise((resolve) => setTimeout(resolve, 1500)),
      ]);
    }
    return fontWait;
  }

  function layoutFor(el) {
    const below = Number(el.dataset.narrowBelow || 0);
    return el.dataset.specNarrow && el.clientWidth > 0 && el.clientWidth < below ? "narrow" : "wide";
  }

  async function draw(el) {
    const layout = layoutFor(el);
    if (el.dataset.layout === layout && (el.dataset.rendered === "true" || el.dataset.rendered === "pending")) return;
    const specEl = document.getElementById(layout === "narrow" ? el.dataset.specNarrow : el.dataset.spec);
    if (!specEl) { el.dataset.rendered = "error"; return; }
    el.dataset.rendered = "pending";
    el.dataset.layout = layout;
    try {
      const [vega] = await Promise.all([loadVega(), fontsReady()]);
      const spec = JSON.parse(specEl.textContent);
      if (el.swicView) el.swicView.finalize();
      let live = el.querySelector(".swic-live");
      if (!live) {
        live = document.createElement("div");
        live.className = "swic-live";
        el.appendChild(live);
      }
      live.textContent = "";
      el.classList.add("swic-drawing");
      const view = new vega.View(vega.parse(spec), { renderer: "svg", container: live, hover: true });
      await view.runAsync();
      el.swicView = view;
      const svg = live.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        const label = spec.description || (el.querySelector("img") || {}).alt || "";
        if (label) svg.setAttribute("aria-label", label);
      }
      el.classList.remove("swic-drawing");
      el.classList.add("swic-drawn");
      el.dataset.rendered = "true";
    } catch (err) {
      el.classList.remove("swic-drawing");
      el.dataset.rendered = "error"; // the static image stays
      console.error("swic chart", el.id, err);
    }
  }

  function setUp() {
    const charts = [...document.querySelectorAll("div.swic-chart[data-spec]")];
    if (!charts.length) return;
    const near = "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
          for (const e of entries) {
            if (e.isIntersecting) { near.unobserve(e.target); draw(e.target); }
          }
        }, { rootMargin: "600px 0px" })
      : null;
    charts.forEach((el) => (near ? near.observe(el) : draw(el)));
    if ("ResizeObserver" in window) {
      const resized = new ResizeObserver((entries) => {
        for (const e of entries) {
          const el = e.target;
          if (el.dataset.rendered === "true" && layoutFor(el) !== el.dataset.layout) draw(el);
        }
      });
      charts.forEach((el) => resized.observe(el));
    }
    // for tests and for readers who want everything at once (e.g. before saving the page)
    window.swicDrawAll = () => Promise.all(charts.map((el) => draw(el)));
  }

  // ---------------------------------------------------------------- figure actions

  function say(el, text) {
    let s = el.parentElement.querySelector(".swic-status");
    if (!s) {
      s = document.createElement("span");
      s.className = "swic-status";
      s.setAttribute("role", "status");
      el.after(s);
    }
    s.textContent = text;
    setTimeout(() => { s.textContent = ""; }, 4000);
  }

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "absolute";
    ta.style.left = "-9999px";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand("copy");
    ta.remove();
    return ok;
  }

  function today() {
    const d = new Date();
    return `${d.getDate()} ${NL_TIME.months[d.getMonth()]} ${d.getFullYear()}`;
  }

  function setUpActions() {
    document.querySelectorAll(".swic-today").forEach((s) => { s.textContent = today(); });
    document.querySelectorAll(".swic-citation").forEach((p) => {
      // the page's own address, as the reader sees it (a preview, a mirror, the published site)
      const a = p.closest("figure");
      if (a && location.protocol.startsWith("http")) {
        p.innerHTML = p.innerHTML.replace(/https?:\/\/[^\s,<]+#/, `${location.origin}${location.pathname}#`);
      }
    });
    document.addEventListener("click", async (ev) => {
      const link = ev.target.closest("a.swic-permalink");
      if (link) {
        const url = `${location.origin}${location.pathname}${link.getAttribute("href")}`;
        history.replaceState(null, "", link.getAttribute("href"));
        try { if (await copy(url)) { ev.preventDefault(); say(link, "Link gekopieerd"); } } catch (_) { /* follow the link */ }
        return;
      }
      const button = ev.target.closest("button.swic-copy");
      if (button) {
        const text = button.closest(".swic-share").querySelector(".swic-citation").textContent.trim();
        try { say(button, (await copy(text)) ? "Gekopieerd" : "Selecteer de tekst en kopieer hem"); }
        catch (_) { say(button, "Selecteer de tekst en kopieer hem"); }
      }
    });
  }

  function start() {
    setUp();
    setUpActions();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

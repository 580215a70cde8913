// The search page: Pagefind's index behind a small interface of our own, in the site's Dutch, started with
// the query of the search box (search.html?q=...). Only this page loads the search code and the index.
//
// What it adds to Pagefind: words readers use that the pages do not (a short list of synonyms, each
// searched as well, the results merged), and no result for a typo that only shares a few letters with a
// page (Pagefind matches the start of a word, so "adminstratie" found the "Ad" of "Ad-opleiding").
(() => {
  "use strict";
  // a reader's word -> the words the pages use; every query containing the key is searched again with each
  const SYNONYMS = {
    "werkbelasting": ["werkdruk"],
    "werkdruk": ["werkbelasting"],
    "administratieve lasten": ["administratie", "regeldruk"],
    "administratieve last": ["administratie", "regeldruk"],
    "regeldruk": ["administratie"],
    "papierwerk": ["administratie", "regeldruk"],
    "bureaucratie": ["regeldruk", "administratie"],
    "burn-out": ["uitval", "vitaliteit"],
    "burnout": ["uitval", "vitaliteit"],
    "overspannen": ["uitval", "vitaliteit"],
    "uitval": ["vitaliteit"],
    "verzuim": ["uitval", "vitaliteit"],
    "stress": ["werkdruk", "vitaliteit"],
    "welzijn": ["vitaliteit"],
    "ai": ["digitalisering", "kunstmatige intelligentie"],
    "klimaat": ["eco-sociaal werk", "klimaatcrisis"],
    "duurzaamheid": ["eco-sociaal werk"],
    "bijscholing": ["leren", "scholing"],
    "opleiding": ["leren", "opleidingen"],
  };
  const MAX = 10;
  const $ = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function variants(query) {
    const q = query.toLowerCase().replace(/\s+/g, " ").trim();
    const out = [q];
    for (const [word, alts] of Object.entries(SYNONYMS)) {
      if (q === word || q.includes(word)) for (const a of alts) out.push(q.replace(word, a));
    }
    return [...new Set(out)];
  }

  // Levenshtein distance, stopped early above `limit`
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        best = Math.min(best, cur[j]);
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  // A word the page matched fits a query word when one starts with the other and the shorter has at least
  // four letters (plural, compound, stem), or they differ in at most one letter in five.
  function fits(marked, word) {
    const [s, l] = marked.length <= word.length ? [marked, word] : [word, marked];
    if (s.length >= 4 && l.startsWith(s.slice(0, Math.max(4, s.length - 2)))) return true;
    return distance(marked, word, Math.floor(word.length / 5)) <= Math.floor(word.length / 5);
  }

  function matched(data) {
    const html = [data.excerpt, ...(data.sub_results || []).map((r) => r.excerpt)].join(" ");
    return [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1].toLowerCase().replace(/[^\p{L}\d-]/gu, ""));
  }

  function relevant(data, words) {
    const marks = matched(data);
    if (!marks.length) return true; // a match on the title or a hidden term: Pagefind's word, trusted
    return words.some((w) => marks.some((m) => fits(m, w)));
  }

  async function run(pagefind, query, box) {
    const list = box.querySelector(".pagefind-ui__results");
    const message = box.querySelector(".pagefind-ui__message");
    list.replaceChildren();
    if (!query.trim()) {
      message.textContent = "";
      return;
    }
    message.textContent = `Zoeken naar ${query} ...`;
    const merged = new Map();
    for (const [i, v] of variants(query).entries()) {
      const search = await pagefind.search(v);
      const words = v.split(/[\s]+/).filter((w) => w.length > 1);
      const top = await Promise.all(search.results.slice(0, MAX).map((r) => r.data().then((d) => [r, d])));
      for (const [r, d] of top) {
        if (!relevant(d, words)) continue;
        const score = r.score * (i === 0 ? 1 : 0.8); // the reader's own words first
        const seen = merged.get(d.url);
        if (!seen || seen.score < score) merged.set(d.url, { score, data: d });
      }
    }
    const results = [...merged.values()].sort((a, b) => b.score - a.score).slice(0, MAX);
    if (!results.length) {
      message.textContent = `Niets gevonden voor ${query}. Probeer een ander woord, een kortere vorm of een synoniem.`;
      return;
    }
    message.textContent = results.length === 1 ? `1 resultaat voor ${query}` : `${results.length} resultaten voor ${query}`;
    for (const { data } of results) {
      const li = $("li", "pagefind-ui__result");
      const inner = $("div", "pagefind-ui__result-inner");
      const title = $("p", "pagefind-ui__result-title");
      const a = $("a", "pagefind-ui__result-link", data.meta.title || data.url);
      a.href = data.url;
      title.append(a);
      const excerpt = $("p", "pagefind-ui__result-excerpt");
      excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: page text, escaped, with <mark>
      inner.append(title, excerpt);
      li.append(inner);
      list.append(li);
    }
  }

  async function start() {
    const root = document.querySelector("#swic-search");
    if (!root) return;
    const base = location.pathname.replace(/[^/]*$/, ""); // the site may live in a sub-folder (GitHub Pages)
    const pagefind = await import(`${base}pagefind/pagefind.js`);
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
    const box = $("div", "pagefind-ui");
    const form = $("form", "pagefind-ui__form");
    form.setAttribute("role", "search");
    const label = $("label", "visually-hidden", "Zoek op deze site");
    label.htmlFor = "swic-search-input";
    const input = $("input", "pagefind-ui__search-input");
    Object.assign(input, { id: "swic-search-input", type: "search", placeholder: "Zoek op deze site", autocomplete: "off" });
    form.append(label, input);
    const message = $("p", "pagefind-ui__message");
    message.setAttribute("role", "status");
    box.append(form, message, $("ol", "pagefind-ui__results"));
    root.replaceChildren(box);
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(pagefind, input.value, box), 250);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      run(pagefind, input.value, box);
    });
    const q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      run(pagefind, q, box);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

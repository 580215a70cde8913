// The search page: Pagefind's interface, in the site's own Dutch, started with the query of the search
// box (search.html?q=...). Only this page loads the search code and the index.
(() => {
  "use strict";
  function start() {
    if (!window.PagefindUI) return;
    const ui = new window.PagefindUI({
      element: "#swic-search",
      baseUrl: location.pathname.replace(/[^/]*$/, ""),  // the site may live in a sub-folder (GitHub Pages)
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: {
        placeholder: "Zoek op deze site",
        clear_search: "Wissen",
        load_more: "Meer resultaten",
        search_label: "Zoek op deze site",
        filters_label: "Filters",
        zero_results: "Niets gevonden voor [SEARCH_TERM]. Probeer een ander woord, een kortere vorm of een synoniem.",
        many_results: "[COUNT] resultaten voor [SEARCH_TERM]",
        one_result: "1 resultaat voor [SEARCH_TERM]",
        alt_search: "Niets gevonden voor [SEARCH_TERM]. Resultaten voor [DIFFERENT_TERM]:",
        search_suggestion: "Niets gevonden voor [SEARCH_TERM]. Zoek eens op:",
        searching: "Zoeken naar [SEARCH_TERM] ...",
      },
    });
    const q = new URLSearchParams(location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

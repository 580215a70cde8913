"""Sociaal Werk in Cijfers: the data, the chapter API and the build of the book.

Layers point down: a module imports only from its own layer or the layers above it in this list
(``tests/test_layout.py`` checks it, and that no module imports another's private names).

**Leaves** (no other module of the package below them)

* ``paths``: where the project's files are; ``paths.rel`` shows a path in a message.
* ``fmt``: Dutch numbers and dates; ``fmt.value`` writes a value with its unit and bound ('meer dan 40%').
* ``text``: Dutch words from numbers: plurals, lists, share words, comparatives.
* ``markup``: HTML that pages and figures share: accessible tables, key figures, inert JSON.
* ``runtime``: what a page knows while it is executed (its id, ids handed out, files read and written).
* ``version``: the site's version (git describe, or ``SWIC_VERSION``).
* ``locators``: what 'Tabel 1.1' and 'Figuur 9.2' look like in the data, the report and the site.
* ``memo``: values derived from a file's content (a chapter's parameters, its code's fingerprint), kept on
  disk by that content; and bytes kept by a key of all that decides them (a chart's pictures).
* ``textscan``: tags removed from large HTML quickly (the same result as ``re.sub``).

**Data**

* ``tableschema``: one CSV against its Frictionless Table Schema; every violation a ``DataError``.
* ``contract``: the raadpleging's rules beyond the schema (reasons, sums, bounds, known issues).
* ``data``: the Data Package under ``data/``: ``load_resource``, ``load_survey``, ``sources``.
* ``sources``: the texts of the five publications in ``sources/`` and their snapshots.
* ``known_issues``: where a source contradicts itself, and links to the list of them.
* ``labels``: Dutch names for the data's columns, codes and tables (what Excel shows).
* ``cite``: citations of a figure, a page and the site, as text, RIS and BibTeX.
* ``datapackage``: writes ``data/datapackage.json`` from the files under ``data/``.

**Drawing**

* ``fonts``: the site's one open font: registered with vl-convert, embedded in every SVG, the site's webfont.
* ``theme``: colours, answer scales in their order and colour, Altair's config.
* ``render``: Vega-Lite to Vega, SVG and PNG with vl-convert (pictures kept by their spec); the offline
  Altair renderer.
* ``charts``: the figure (``charts.figure``) and the chart kinds (``charts.bars``, ``charts.stacked``,
  ``charts.grouped``, ``charts.grids``), with what they share in ``charts.common`` and what a chart may
  show, decided once, in ``charts.honest`` (only what is known; no mark that misleads).
* ``downloads``: a figure's files (SVG, PNG, Excel, CSV) and the whole data set as ZIP and workbook.

**Chapter API** (what chapters call)

* ``page``: one object per page that knows its edition, chapter, baseline and minimum n and hands out
  values, figures and glue (start here when you write a chapter).
* ``survey``: the raadpleging's figures: pick rows, choose the builder, quote a value.
* ``context``: the other four documents' rows as chart rows (key figures, actions, forecast, timeline).
* ``synthesis``: the crosswalk of topics, and what each document says about a topic.
* ``documents``: what the pages about the other four documents compute (counts, tables, charts), one class
  per page (sector plan, advice, annual plan, sector size, timeline).
* ``opendata``: what the methods, data and start pages show about the data itself (coverage, known issues,
  reading counts, the data sets and their downloads).
* ``gaps``: the figures whose values the text copy lost, per chapter (the list of what is still open).
* ``corrections``: the public record of corrections (``data/wijzigingen.csv``) as a table for the data page.
* ``datapage``: the texts and tables of the data page (the numbers in Excel first, files by topic, codes).
* ``glue``: values handed to the prose (``{glue:text}`` for figures, ``{glue:md}`` for words).

**Tooling** (what builds, checks and reports)

* ``validation``: every check on data, registry and sources, split by family (``validation.files``,
  ``validation.survey``, ``validation.provenance``, ``validation.pages``, ``validation.documents``).
* ``cache``: whether a page's executed copy is current.
* ``execute``: pages executed with papermill on warm kernels.
* ``prerequisites``: what the build needs installed (chart library, Pagefind, kernel, source texts).
* ``build``: the build: validate, execute, build the book strictly (incrementally), publish atomically.
* ``sphinxext``: a Sphinx extension: every page written again when titles, labels or numbers change.
* ``preview``: ``make preview``: serve the site, rebuild what changed on save, reload the page.
* ``warmbuild``: ``make preview``'s builds, forked from a helper that has the build's libraries imported.
* ``postprocess``: fixes on the built HTML (CSP, Dutch UI, accessibility, link previews).
* ``search``: the Pagefind search index and page.
* ``slim``: the theme built down to what the site uses: one purged stylesheet, inline SVG icons, no
  render-blocking script.
* ``changes``: what a change does for readers (``make changes``).
* ``registry``: ``pages.yml``, the pages and their parameters.
* ``notebooks``: chapters as MyST text notebooks (read, check, lint, format).
* ``errors``: build errors that name the chapter file, cell and line.
* ``scaffold``: a new chapter from the template.
* ``browser``: the headless browser the tests and tools use.
* ``bibstyle``: the literature list's style (a Sphinx extension).
* ``sphinxext``: findings defined once in a chapter and copied by other pages (a Sphinx extension).
* ``cli``: ``python -m swic``.
"""

__version__ = "0.1.0"

from swic import postprocess

PAGE = """<html><head>
    <link rel="stylesheet" type="text/css" href="../_static/sphinx-thebe.css?v=4fa983c6" />
    <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const thebe_selector = ".thebe"</script>
    <script async="async" src="../_static/sphinx-thebe.js?v=c100c467"></script>
    <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const thebe_selector = ".thebe"</script>
</head><body>
<script type="text/x-thebe-config">
    { requestKernel: true }
</script>
</body></html>"""


def test_thebe_and_its_cdn_url_are_removed():
    out = postprocess.fix_page(PAGE)
    assert "thebe" not in out.lower()
    assert "unpkg" not in out


def test_csp_forbids_scripts_from_other_origins():
    out = postprocess.fix_page(PAGE)
    assert 'http-equiv="Content-Security-Policy"' in out
    script_src = [d for d in postprocess.CSP.split(";") if d.strip().startswith("script-src")][0]
    assert "'self'" in script_src and "http" not in script_src and "*" not in script_src


def test_fixes_are_idempotent():
    once = postprocess.fix_page(PAGE)
    assert postprocess.fix_page(once) == once


def test_bibliography_list_items_have_the_listitem_role():
    page = '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">x</div></div>'
    out = postprocess.fix_page("<html><head></head><body>" + page + "</body></html>")
    assert 'role="listitem"' in out and "doc-biblioentry" not in out


def test_theme_switch_removed_and_search_button_named_by_its_text():
    html = (
        '<html><head></head><body><button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button" '
        'aria-label="Color mode"><i></i></button><button class="btn search-button-field search-button__button" '
        'title="Zoeken" aria-label="Zoeken"><span>Zoeken</span><kbd>Ctrl</kbd></button>'
        '<a class="skip-link" href="#main">Skip to main content</a></body></html>'
    )
    out = postprocess.fix_page(html)
    assert "Color mode" not in out and 'aria-label="Zoeken"' not in out
    assert "Naar de hoofdinhoud" in out


def test_navigation_toggles_get_a_name_for_screen_readers():
    html = '<details><summary><span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down"></i></span></summary>'
    out = postprocess.fix_accessibility(html)
    assert '<summary><span class="visually-hidden">Onderliggende pagina' in out


def test_header_names_the_site_has_one_search_entry_and_no_fullscreen_button():
    html = (
        '<html><head></head><body><div class="sidebar-primary-item">\n<a class="navbar-brand logo" href="index.html">'
        '<img src="../_static/logo.svg" alt="x"/></a></div><div class="sidebar-primary-item">\n'
        '<button class="btn search-button-field search-button__button" title="Zoeken"><i></i></button></div>'
        '<div class="header-article-items__start">\n<div class="header-article-item"><button class="primary-toggle">'
        '</button></div></div><button onclick="toggleFullScreen()" class="btn">x</button>'
        '<button class="btn btn-sm pst-navbar-icon search-button search-button__button" title="Zoeken">\n'
        '<i class="fa-solid fa-magnifying-glass fa-lg"></i>\n</button></body></html>'
    )
    out = postprocess.fix_page(html)
    assert out.count("search-button__button") == 1 and "toggleFullScreen" not in out
    assert '<a class="swic-brand" href="index.html">' in out and ">Sociaal Werk in Cijfers<" in out
    assert "navbar-brand" not in out
    assert postprocess.fix_page(out) == out


def test_slim_purges_rules_nothing_can_match():
    from swic import slim

    css = (
        ".used{color:red}.unused{color:blue}.used,.gone{margin:0}@media (max-width:10px){.gone{x:y}}"
        "html[data-theme=dark] .used{color:white}.show{display:block}:root{--a:1px;--b:2px}.used{width:var(--a)}"
        "@font-face{font-family:Font Awesome\\ 6 Free;src:url(x.woff2)}.fa-bars:before{content:'x'}"
        "@media print{.used{display:none}}"
    )
    rules = slim.purge(slim.parse(css), {"used"}, {"html"})
    out = slim.serialize(slim._drop_unused_properties(rules))
    assert ".unused" not in out and ".gone" not in out and "dark" not in out and "Font Awesome" not in out
    assert ".used{margin:0}" in out and ".show{display:block}" in out and "@media print" in out
    assert "--a:1px" in out and "--b" not in out and "fa-bars" not in out


def test_slim_draws_icons_inline_and_fails_on_an_unknown_icon():
    import pytest

    from swic import slim

    out = slim.inline_icons('<button><span class="fa-solid fa-bars"></span></button>')
    assert (
        out.startswith('<button><svg class="swic-icon swic-icon-bars" aria-hidden="true"')
        and "fa-" not in out
    )
    with pytest.raises(RuntimeError, match="fa-rocket"):
        slim.inline_icons('<i class="fa-solid fa-rocket"></i>')

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

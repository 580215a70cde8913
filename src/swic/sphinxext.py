"""Findings defined once, in a chapter's prose, and shown by other pages (a Sphinx extension).

A chapter states its findings in its "In het kort" box::

    :::{findings}
    ::::{finding} tijd
    :heading: Administratie kost {glue:md}`trend_word` tijd
    :figure: Figuur 9.2
    {glue:md}`more_Word` ({glue:text}`more`) merkt dat ... Het verschil is een aanwijzing, geen meting.
    ::::
    :::

``findings`` draws the box (an admonition with class ``swic-kort`` and title "In het kort"); each
``finding`` is one item of its list, with the element id ``bevinding-<id>``. Its content is parsed in the
chapter, so its glue is resolved there, and kept in the build environment.

Other pages copy a finding instead of restating it: ``finding-ref`` (argument ``<page>/<id>``, flag
``:heading:``) shows the finding's rendered content, its heading when asked for and a link "Meer over
<page title>" to the finding in its chapter. ``findings-for`` (argument a figure's locator, content a
fallback sentence) shows every finding whose ``:figure:`` is that figure, or the fallback if there is none.
A reference to an unknown finding is a warning (an error in the strict build) naming the page and line.
When a chapter's findings change, the pages that copy them are written again (``env-updated``).

It also keeps incremental book builds equal to full ones. The build keeps Sphinx's environment between
builds, so Sphinx re-reads and re-writes only the pages whose source changed. But every page shows what other pages define: their titles (the navigation, previous and
next), their labels (cross-references) and the numbers of sections and figures. When any of those changed,
this extension has Sphinx re-write every page, so that an incremental build gives the same site as a full
one (``tests/test_build.py`` and ``make bench`` compare them byte for byte).
"""

from __future__ import annotations

import hashlib

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ID_PREFIX = "bevinding-"
ANY_PAGE = "*"  # what a findings-for placeholder depends on: every page's findings


class finding_ref(nodes.General, nodes.Element):
    """Placeholder for a copy of findings, resolved once every page has been read."""


class finding_heading(nodes.General, nodes.TextElement):
    """A finding's heading on a page that copies it (an h3)."""


def visit_finding_heading(self, node):
    self.body.append(self.starttag(node, "h3", ""))


def depart_finding_heading(self, node):
    self.body.append("</h3>\n")


def _findings(env) -> dict:
    """docname -> finding id -> {'content', 'heading', 'figure', 'line'}."""
    if not hasattr(env, "swic_findings"):
        env.swic_findings = {}
    return env.swic_findings


def _refs(env) -> dict:
    """docname -> the pages whose findings it copies (ANY_PAGE for all)."""
    if not hasattr(env, "swic_finding_refs"):
        env.swic_finding_refs = {}
    return env.swic_finding_refs


class FindingsDirective(SphinxDirective):
    """The "In het kort" box: a list of ``finding`` directives."""

    has_content = True

    def run(self):
        box = nodes.admonition("", classes=["swic-kort"])  # as the admonition it replaces
        self.set_source_info(box)
        box += nodes.title("In het kort", "In het kort")
        items = nodes.bullet_list(bullet="-")
        self.state.nested_parse(self.content, self.content_offset, items)
        stray = [n for n in items.children if not isinstance(n, nodes.list_item)]
        if stray or not items.children:
            raise self.error("a findings box holds only finding directives (at least one)")
        box += items
        return [box]


class FindingDirective(SphinxDirective):
    """One finding: its claim and caveat as content, an id, an optional heading and figure."""

    required_arguments = 1
    has_content = True
    option_spec = {"heading": directives.unchanged, "figure": directives.unchanged}

    def run(self):
        key = self.arguments[0].strip()
        if not key.replace("-", "").isalnum() or key.lower() != key:
            raise self.error(f"finding id {key!r}: use lower-case letters, digits and hyphens")
        if not self.content:
            raise self.error(f"finding {key!r} has no claim")
        item = nodes.list_item("", ids=[ID_PREFIX + key], classes=["swic-finding"])
        self.set_source_info(item)
        item["swic_finding"] = key
        item["swic_figure"] = (self.options.get("figure") or "").strip()
        self.state.nested_parse(self.content, self.content_offset, item)
        if "heading" in self.options:
            inline, messages = self.state.inline_text(self.options["heading"].strip(), self.lineno)
            item["swic_heading"] = nodes.inline("", "", *inline)
            item += messages
        return [item]


class FindingRefDirective(SphinxDirective):
    """A copy of one finding: ``<page>/<id>``, with its heading if ``:heading:`` is given."""

    required_arguments = 1
    option_spec = {"heading": directives.flag}

    def run(self):
        ref = self.arguments[0].strip()
        page, _, key = ref.rpartition("/")
        if not page or not key:
            raise self.error(f"finding-ref {ref!r}: expected <page>/<id>")
        node = finding_ref("", page=page, key=key, heading="heading" in self.options)
        self.set_source_info(node)
        here = self.env.docname.rpartition("/")[0]
        _refs(self.env).setdefault(self.env.docname, set()).update({page, f"{here}/{page}" if here else page})
        return [node]


class FindingsForDirective(SphinxDirective):
    """The findings about one figure (argument: its locator), or the content if no finding is about it.
    ``:only:`` narrows them to the findings it names (``<page>/<id>`` ...), or to none ('geen')."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"only": directives.unchanged}

    def run(self):
        fallback = nodes.container("", classes=["swic-link-summary"])
        self.state.nested_parse(self.content, self.content_offset, fallback)
        only = self.options.get("only", "").split()
        node = finding_ref("", figure=self.arguments[0].strip(), fallback=fallback, only=only)
        self.set_source_info(node)
        _refs(self.env).setdefault(self.env.docname, set()).add(ANY_PAGE)
        return [node]


def collect_findings(app, doctree) -> None:
    """Keep each finding of the page just read (its content with glue resolved) in the environment."""
    env = app.env
    found = {}
    for item in doctree.findall(nodes.list_item):
        key = item.get("swic_finding")
        if not key:
            continue
        if key in found:
            logger.warning("finding %r is defined twice on this page", key, location=item)
            continue
        content = [child.deepcopy() for child in item.children if not isinstance(child, nodes.system_message)]
        heading = item.attributes.pop("swic_heading", None)  # kept in the environment, not in the HTML
        found[key] = {
            "content": content,
            "heading": heading.deepcopy() if heading is not None else None,
            "figure": item.get("swic_figure") or None,
            "line": item.line,
        }
    if found:
        _findings(env)[env.docname] = found


def purge(app, env, docname) -> None:
    _findings(env).pop(docname, None)
    _refs(env).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    for name in docnames:
        if name in _findings(other):
            _findings(env)[name] = _findings(other)[name]
        if name in _refs(other):
            _refs(env)[name] = _refs(other)[name]


def outdated(app, env, added, changed, removed) -> list[str]:
    """Nothing more to read: a page that copies findings gets them when it is written. Note what the touched
    pages' findings were, so that :func:`env_updated` has only the pages that copy changed findings written
    again (a prose edit outside the "In het kort" box writes one page, not every topic page)."""
    touched = set(added) | set(changed) | set(removed)
    env.swic_findings_before = {doc: _findings_hash(env, doc) for doc in touched}
    return []


def _findings_hash(env, doc: str) -> str:
    found = _findings(env).get(doc)
    if not found:
        return ""
    parts = [
        (
            key,
            f["figure"],
            [n.pformat() for n in f["content"]],
            f["heading"].pformat() if f["heading"] else "",
        )
        for key, f in sorted(found.items())
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _copying(env) -> list[str]:
    """Pages to write again because findings they copy changed in this build."""
    before = getattr(env, "swic_findings_before", {})
    env.swic_findings_before = {}
    moved = {doc for doc, h in before.items() if _findings_hash(env, doc) != h}
    if not moved:
        return []
    return sorted(
        doc
        for doc, pages in _refs(env).items()
        if doc in env.found_docs and (ANY_PAGE in pages or pages & moved)
    )


def _without_ids(node_list: list) -> list:
    out = []
    for node in node_list:
        node = node.deepcopy()
        for n in list(node.findall(nodes.footnote_reference)):  # the note stays in the chapter
            n.parent.remove(n)
        for n in node.findall(nodes.Element):
            n["ids"] = []
            n.attributes.pop("names", None)
        out.append(node)
    return out


def _title(env, docname: str) -> str:
    title = env.titles[docname].astext() if docname in env.titles else docname
    if len(title) > 1 and not title[1].isupper():
        title = title[0].lower() + title[1:]
    return title


class ResolveFindingRefs(SphinxPostTransform):
    """Replace each placeholder by copies of the findings (before references are resolved)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        env = self.env
        found = _findings(env)
        for node in list(self.document.findall(finding_ref)):
            if node.get("figure"):
                keys = [
                    (doc, key)
                    for doc in sorted(found, key=_order(env))
                    for key, f in found[doc].items()
                    if f["figure"] == node["figure"]
                ]
                only = node.get("only") or []
                if only:
                    about = {f"{doc.rpartition('/')[2]}/{key}" for doc, key in keys}
                    for name in sorted(set(only) - about - {"geen"}):
                        logger.warning(
                            "findings-for %s: %s is no finding about this figure (findings about it: %s)",
                            node["figure"],
                            name,
                            ", ".join(sorted(about)) or "none",
                            location=node,
                        )
                    keys = [(doc, key) for doc, key in keys if f"{doc.rpartition('/')[2]}/{key}" in only]
                if not keys:
                    node.replace_self(node["fallback"])
                    continue
                by_page: dict[str, list[str]] = {}
                for doc, key in keys:
                    by_page.setdefault(doc, []).append(key)
                node.replace_self([self.copy_of(doc, *ks, heading=False) for doc, ks in by_page.items()])
                continue
            page, key = self.page_of(node["page"]), node["key"]
            if page not in found or key not in found[page]:
                known = ", ".join(sorted(found.get(page, {}))) or "none"
                logger.warning(
                    "finding-ref %s/%s: no such finding (findings of %s: %s)",
                    node["page"],
                    key,
                    node["page"],
                    known,
                    location=node,
                )
                node.replace_self([])
                continue
            node.replace_self(self.copy_of(page, key, heading=node["heading"]))

    def page_of(self, name: str) -> str:
        """A page as the finding-ref names it ('administratie') -> its docname ('pages/administratie')."""
        found = _findings(self.env)
        if name in found:
            return name
        here = self.env.docname.rpartition("/")[0]
        candidate = f"{here}/{name}" if here else name
        return candidate if candidate in found else name

    def copy_of(self, page: str, *keys: str, heading: bool) -> nodes.Element:
        """One finding of ``page`` (or several, as a list), with one link to the first in the chapter."""
        found = _findings(self.env)[page]
        box = nodes.container("", classes=["swic-finding-ref"])
        if heading:
            first = found[keys[0]]
            if first["heading"] is None:
                logger.warning(
                    "finding-ref %s/%s asks for a heading; the finding has no :heading:",
                    page,
                    keys[0],
                    location=self.document,
                )
            else:
                box += finding_heading("", "", *_without_ids([first["heading"]]))
        if len(keys) == 1:
            box += _without_ids(found[keys[0]]["content"])
        else:
            items = nodes.bullet_list(bullet="-")
            for key in keys:
                items += nodes.list_item("", *_without_ids(found[key]["content"]))
            box += items
        uri = self.app.builder.get_relative_uri(self.env.docname, page) + "#" + ID_PREFIX + keys[0]
        link = nodes.reference("", f"Meer over {_title(self.env, page)}", refuri=uri, internal=True)
        box += nodes.paragraph("", "", link, classes=["swic-finding-more"])
        return box


def _order(env):
    """Pages in the order of the table of contents (then by name)."""
    order = {doc: i for i, doc in enumerate(_walk(env, [env.config.root_doc]))}
    return lambda doc: (order.get(doc, len(order)), doc)


def _walk(env, docs, seen=None):
    seen = set() if seen is None else seen
    for doc in docs:
        if doc in seen:
            continue
        seen.add(doc)
        yield doc
        yield from _walk(env, env.toctree_includes.get(doc, []), seen)


def _shared(env) -> str:
    """Hash of what one page can show of the others."""
    std = env.domaindata.get("std", {})
    parts = [
        sorted((doc, title.astext()) for doc, title in env.titles.items()),
        sorted((k, repr(v)) for k, v in std.get("labels", {}).items()),
        sorted((k, repr(v)) for k, v in std.get("anonlabels", {}).items()),
        sorted((k, repr(v)) for k, v in env.toc_secnumbers.items()),
        sorted((k, repr(v)) for k, v in env.toc_fignumbers.items()),
        sorted(env.found_docs),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def env_updated(app, env):
    new = _shared(env)
    old = getattr(env, "swic_shared", None)
    env.swic_shared = new
    if old is not None and old != new:
        return sorted(env.found_docs)
    return _copying(env)


def setup(app):
    app.add_node(
        finding_ref,
        html=(lambda self, node: None, lambda self, node: None),
    )
    app.add_node(finding_heading, html=(visit_finding_heading, depart_finding_heading))
    app.add_directive("findings", FindingsDirective)
    app.add_directive("finding", FindingDirective)
    app.add_directive("finding-ref", FindingRefDirective)
    app.add_directive("findings-for", FindingsForDirective)
    app.connect("doctree-read", collect_findings)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.add_post_transform(ResolveFindingRefs)
    app.connect("env-updated", env_updated)
    return {"version": "1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}

"""Make the Great Expectations Data Docs readable offline.

GX's page templates load jQuery, Bootstrap, bootstrap-table, popper, a date picker, Font Awesome and Vega from
public CDNs. With no network (CI here, many corporate laptops) every page logs `$ is not defined`, the index
table (which bootstrap-table builds in the browser from inline data) stays empty, and each failed download is
another console error.

The choice, and why: after GX has built the site, every CDN <script> and stylesheet <link> is rewritten to two
small files of our own, written next to GX's own assets under `static/vendor/`: `revops-offline.js`, a stand-in
that implements only what GX's templates call (a chainable `$` with ready / each / parent / fadeIn / fadeOut /
on / data, a `bootstrapTable` that renders the index tables from their inline data as plain sortable-free HTML
tables with clickable rows, and a `vegaEmbed` that notes charts need a network), and `revops-offline.css`, a
few rules so tables and badges stay legible without Bootstrap. They are a few kilobytes, written by the
project under its own licence, so nothing third-party is vendored and nothing is fetched at install or run
time. What is lost offline is cosmetic: Bootstrap's look, sorting and filtering of the index, icons, and the
few Vega charts (GX only draws them for profiling-style expectations we do not use). The logo, which GX
hotlinks from its web assets, points at the copy GX already ships in `static/images/`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

VENDOR = Path("static") / "vendor"
SCRIPT, STYLESHEET = "revops-offline.js", "revops-offline.css"

# <script src="http(s)://..."></script> (any attributes, integrity / crossorigin included)
_REMOTE_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc=["']https?://[^"']*["'][^>]*>\s*</script>\s*""", re.IGNORECASE)
# <link rel="stylesheet" href="http(s)://..."> (self-closing or not)
_REMOTE_STYLESHEET = re.compile(
    r"""<link\b(?=[^>]*\brel=["']stylesheet["'])[^>]*\bhref=["']https?://[^"']*["'][^>]*>\s*""", re.IGNORECASE
)
_REMOTE_LOGO = re.compile(r"""src=["']https?://great-expectations-web-assets[^"']*/(logo-long\.png)[^"']*["']""")
_HEAD_END = re.compile(r"</head>", re.IGNORECASE)

OFFLINE_JS = r"""/* revops-warehouse: offline stand-in for the CDN scripts of Great Expectations Data Docs.
   Implements only what GX's page templates call; see ingest/checks/docs.py. */
(function () {
  "use strict";
  function Q(nodes) { this.nodes = nodes.filter(Boolean); this.length = this.nodes.length; }
  function $(selector) {
    if (typeof selector === "function") {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", selector);
      else selector();
      return new Q([]);
    }
    if (selector instanceof Q) return selector;
    if (typeof selector === "string") {
      try { return new Q(Array.prototype.slice.call(document.querySelectorAll(selector))); }
      catch (e) { return new Q([]); }
    }
    if (selector === window || selector === document || (selector && selector.nodeType)) return new Q([selector]);
    return new Q([]);
  }
  var fn = Q.prototype;
  function chain() { return this; }
  fn.ready = function (callback) { $(callback); return this; };
  fn.each = function (callback) { this.nodes.forEach(function (n, i) { callback.call(n, i, n); }); return this; };
  fn.parent = function () { return new Q(this.nodes.map(function (n) { return n.parentElement; })); };
  fn.fadeIn = fn.show = function () { this.nodes.forEach(function (n) { n.style.display = ""; }); return this; };
  fn.fadeOut = fn.hide = function () { this.nodes.forEach(function (n) { n.style.display = "none"; }); return this; };
  fn.on = function (events, handler) {
    var callback = typeof handler === "function" ? handler : arguments[2];
    if (typeof callback !== "function") return this;
    this.nodes.forEach(function (n) {
      String(events).split(" ").forEach(function (e) { n.addEventListener(e, callback); });
    });
    return this;
  };
  fn.click = function (callback) { return this.on("click", callback); };
  fn.attr = function (key) { var n = this.nodes[0]; return n && n.getAttribute ? n.getAttribute(key) : undefined; };
  fn.data = function (key) { return this.attr("data-" + key); };
  fn.tooltip = fn.popover = fn.collapse = fn.modal = fn.tab = fn.dropdown = fn.datepicker = chain;
  fn.bootstrapTable = function (options) {
    if (options && typeof options === "object") this.nodes.forEach(function (table) { renderTable(table, options); });
    return this;
  };
  function text(value) {
    var div = document.createElement("div");
    div.textContent = value == null ? "" : String(value);
    return div.innerHTML;
  }
  // Cells hold HTML that GX rendered and escaped itself (bootstrap-table inserts it as HTML too).
  function renderTable(table, options) {
    var columns = options.columns || [];
    var rows = (options.data || []).slice();
    var sortField = options.sortName;
    if (sortField) {
      var column = columns.filter(function (c) { return c.field === sortField; })[0];
      var key = (column && column.sortName) || sortField;
      var descending = options.sortOrder === "desc" ? -1 : 1;
      rows.sort(function (a, b) { return a[key] < b[key] ? -descending : a[key] > b[key] ? descending : 0; });
    }
    var titles = columns.map(function (c) { return "<th>" + text(c.title) + "</th>"; });
    var head = "<thead><tr>" + titles.join("") + "</tr></thead>";
    var body = rows.map(function (row) {
      var link = row._table_row_link_path;
      var attributes = link ? ' class="clickable-row" data-href="' + text(link) + '"' : "";
      return "<tr" + attributes + ">" + columns.map(function (c) {
        return "<td>" + (row[c.field] == null ? "" : row[c.field]) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    table.innerHTML = head + "<tbody>" + body + "</tbody>";
    table.classList.add("revops-offline-table");
    Array.prototype.forEach.call(table.querySelectorAll("tr[data-href]"), function (tr) {
      tr.addEventListener("click", function (event) {
        if (!event.target.closest("a")) window.location = tr.getAttribute("data-href");
      });
    });
  }
  $.fn = fn;
  window.jQuery = window.$ = $;
  window.vegaEmbed = function (selector) {
    var target = document.querySelector(selector);
    if (target) target.textContent = "(chart not shown: Vega is loaded from a CDN, and this page is viewed offline)";
    return Promise.resolve({});
  };
})();
"""

OFFLINE_CSS = """/* revops-warehouse: keeps Data Docs legible without Bootstrap; see ingest/checks/docs.py. */
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 1.5rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
tr.clickable-row { cursor: pointer; }
tr.clickable-row:hover { background: #f3f6fa; }
.text-success { color: #1e7e34; } .text-danger { color: #bd2130; } .text-warning { color: #a07800; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 0.25em; background: #eee; }
.cooltip .top { display: none; }
.d-none, .collapse:not(.show) { display: none; }
img { max-width: 100%; }
/* the status icons GX draws with Font Awesome */
.fa-check-circle::before { content: "\\2714"; } .fa-times::before { content: "\\2718"; }
.fa-exclamation-triangle::before { content: "\\26A0"; } .fa-question-circle::before { content: "?"; }
.fa-check-circle, .fa-times { font-style: normal; font-weight: bold; }
"""


def _relative(target: Path, page: Path) -> str:
    return quote(Path(os.path.relpath(target, page.parent)).as_posix())


def make_offline(docs_dir: Path) -> int:
    """Rewrite every page of the site under `docs_dir` to load nothing from the network; returns the number of
    pages rewritten."""
    vendor = docs_dir / VENDOR
    vendor.mkdir(parents=True, exist_ok=True)
    (vendor / SCRIPT).write_text(OFFLINE_JS, encoding="utf-8")
    (vendor / STYLESHEET).write_text(OFFLINE_CSS, encoding="utf-8")
    logo = docs_dir / "static" / "images" / "logo-long.png"
    rewritten = 0
    for page in docs_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        offline = _REMOTE_STYLESHEET.sub("", _REMOTE_SCRIPT.sub("", html))
        if logo.exists():
            offline = _REMOTE_LOGO.sub(f'src="{_relative(logo, page)}"', offline)
        if offline == html:
            continue
        # The stand-ins go at the end of <head>, where GX had its CDN scripts: the inline scripts that use `$` run
        # later in <body>.
        local = (
            f'<link rel="stylesheet" href="{_relative(vendor / STYLESHEET, page)}">\n'
            f'<script src="{_relative(vendor / SCRIPT, page)}"></script>\n'
        )
        offline, found = _HEAD_END.subn(local + "</head>", offline, count=1)
        if not found:
            offline = local + offline
        page.write_text(offline, encoding="utf-8")
        rewritten += 1
    return rewritten

"""Values a page names from its site's data files: GitHub's docs write a product or plan name as
`{% data variables.product.prodname_dotcom %}`, the key `prodname_dotcom` of `data/variables/product.yml`.
Blanked, 784 such names left holes in 70 of 103 pages ("to pay for  is declined"), in 20 of 36 answers, in
headings and their anchors, and in a plan table's first column.

Jekyll writes a site setting as `{{ site.support_email }}` (`_config.yml`) and a data value as
`{{ site.data.plans.pico }}` (`_data/plans.yml`). cloud.gov's docs: 41 in 17 pages were blanked, and the Contact
page read "Email [****]()."."""
from __future__ import annotations

import re
from pathlib import Path

VARIABLE = r"\{%-?\s*data\s+variables\.([\w-]+)\.([\w.-]+)\s*-?%\}"
_VARIABLE = re.compile(VARIABLE)
# No filter (`| relative_url` is not a value), and not the site's address (`site.baseurl`, `site.url`): a link
# under it is site-absolute (ingest/templates.py), so the link check still finds its page.
JEKYLL = r"\{\{-?\s*site\.(?!(?:baseurl|url)\b)([\w-]+(?:\.[\w-]+)*)\s*-?\}\}"
_MULTI = re.compile(r"\s+")
_YAML_UNSAFE = re.compile(r"['\"\\]|: | #")     # ends or escapes a quoted string, or starts a key or comment


def value(file: str, key: str, page: Path, scope) -> str | None:
    """The text of `key` (dotted) in data/variables/<file>.yml as found from `page`, on one line; None when the
    file, the key or a text value is missing. `scope` is include_scope.Scope: it finds the file and reads it once."""
    return _text(f"data/variables/{file}.yml", key, page, scope)


def _text(name: str, key: str, page: Path, scope) -> str | None:
    found = scope.find(name, page, None)
    if found is None:
        return None
    data = scope.read_data(found)
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return _MULTI.sub(" ", str(data)).strip() if isinstance(data, (str, int, float)) else None


def jekyll_files(key: str) -> list[tuple[str, str]]:
    """The files a `site.` key may be read from, each with the key in it: `site.data.devices.oriole.name` is
    `oriole.name` of `_data/devices.yml`, or `name` of `_data/devices/oriole.yml` (a data folder: the LineageOS
    wiki's 15 device files, whose names no page showed)."""
    parts = key.split(".")
    if parts[0] != "data" or len(parts) <= 2:
        return [("_config.yml", key)]
    return [("_data/" + "/".join(parts[1:n]) + ".yml", ".".join(parts[n:])) for n in range(2, len(parts))]


def jekyll_value(key: str, page: Path, scope) -> str | None:
    """The text of `site.<key>` as Jekyll shows it, on one line; None when the file, the key or a text value is
    missing (then the tag is blanked, as before)."""
    return next((v for name, k in jekyll_files(key) if (v := _text(name, k, page, scope)) is not None), None)


def in_yaml(line: str, page: Path, scope) -> str:
    """A front-matter line with each value that cannot break its YAML string in place (GitHub's docs: 65 of 103
    pages' `intro:` names a product so); others stay as written."""
    def sub(m: re.Match) -> str:
        shown = value(m.group(1), m.group(2), page, scope)
        return shown if shown is not None and not _YAML_UNSAFE.search(shown) else m.group(0)
    return _VARIABLE.sub(sub, line) if "variables." in line else line

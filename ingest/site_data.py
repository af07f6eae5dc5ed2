"""Values a page names from its site's data files: GitHub's docs write a product or plan name as
`{% data variables.product.prodname_dotcom %}`, the key `prodname_dotcom` of `data/variables/product.yml`.
Blanked, 784 such names left holes in 70 of 103 pages ("to pay for  is declined"), in 20 of 36 answers, in
headings and their anchors, and in a plan table's first column."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

VARIABLE = r"\{%-?\s*data\s+variables\.([\w-]+)\.([\w.-]+)\s*-?%\}"
_MULTI = re.compile(r"\s+")


def value(file: str, key: str, page: Path, scope) -> str | None:
    """The text of `key` (dotted) in data/variables/<file>.yml as found from `page`, on one line; None when the
    file, the key or a text value is missing. `scope` is includes.Scope: it finds the file and keeps it read."""
    found = scope.find(f"data/variables/{file}.yml", page, None)
    if found is None:
        return None
    if ("yaml", found) not in scope.found:
        try:
            scope.found[("yaml", found)] = yaml.safe_load(found.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            scope.found[("yaml", found)] = None
    data = scope.found[("yaml", found)]
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return _MULTI.sub(" ", str(data)).strip() if isinstance(data, (str, int, float)) else None

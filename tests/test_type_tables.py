"""Fumadocs' <TypeTable> (ingest/type_tables.py): a table of fields written as an object literal reads as the list
of fields the site shows."""
from __future__ import annotations

from ingest.markdown import clean_source

HOOK = """## Hook parameters

<TypeTable
  type={{
    filters: {
      type: "{ tags?: string[] }",
      description:
        "Filters to apply when fetching counts",
      required: true,
    },
    "onError": {
      "type": "(error: NovuError) => void",
      "description": "Called when an error occurs, as \\"error\\"",
      "default": "undefined"
    },
  }}
/>

## Return value
"""


def test_a_type_table_is_the_list_of_its_fields():
    """Novu's docs: 62 TypeTables in 19 pages; 13 pages lost their fields as chunks of non-words and 18 chunks showed
    the object literal. Controls: the lines stay; a brace inside a type string is no field; code shows the tag."""
    got = clean_source(HOOK)
    assert got.count("\n") == HOOK.count("\n")
    assert ("- `filters` (`{ tags?: string[] }`): Filters to apply when fetching counts\n"
            "- `onError` (`(error: NovuError) => void`): Called when an error occurs, as \"error\" "
            "(default: `undefined`)\n") in got                                          # can fail: dropped or raw
    assert "TypeTable" not in got and "## Return value" in got
    fenced = "```mdx\n" + HOOK.split("\n\n")[1] + "\n```\n"
    assert "<TypeTable" in clean_source(fenced)

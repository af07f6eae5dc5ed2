"""Mermaid diagrams read as lists of what they say (ingest/mermaid.py): pure text in, text out."""
from __future__ import annotations

from ingest import mermaid


def _said(text: str) -> list[str]:
    return [line.strip() for line in mermaid.convert(text).split("\n") if line.strip()]


def test_a_flowchart_reads_as_its_steps_with_the_labels_of_its_links():
    """Saleor's authentication page: the lead of one answer was this flowchart's source."""
    page = ("Pick one:\n\n```mermaid\nflowchart TD\n    A{Do you need permissions?} -->|No| X[Public API]\n"
            "    A -->|Yes| C{Is a user present?}\n    C -- Yes --> H[\"Use the App SDK\"]\n"
            "    style A fill:#f9f\n    %% a comment\n```\n\nAfter.\n")
    out = mermaid.convert(page)
    assert out.count("\n") == page.count("\n")
    assert _said(page) == ["Pick one:", "Diagram:", "- Do you need permissions? — No → Public API",
                           "- Do you need permissions? — Yes → Is a user present?",
                           "- Is a user present? — Yes → Use the App SDK", "After."]


def test_chains_groups_and_labels_written_later_or_over_lines():
    page = ("```mermaid\n---\ntitle: Releases\n---\ngraph LR\n  subgraph old [Old versions]\n  A --> B & C --> D\n"
            "  end\n  old e1@--> D\n  e1@{ animate: true }\n  B[Beta]\n  C(Candidate<br/>build)\n  D{\n  Done\n  }\n```\n")
    assert _said(page) == ["Diagram: Releases", "- Old versions:", "- A → Beta and Candidate build → Done",
                           "- Old versions → Done", "- Beta", "- Candidate build", "- Done"]
    assert mermaid.convert(page).count("\n") == page.count("\n")


def test_a_sequence_diagram_reads_as_its_messages():
    page = ("```mermaid\nsequenceDiagram\n    actor v as Vendor\n    participant p as Vendor Portal\n"
            "    v->>+p: Request to change product\n    Note right of p: Checks the vendor's rights\n"
            "    alt permitted\n    p-->>-v: Changed product\n    end\n```\n")
    assert _said(page) == ["Diagram:", "- Vendor → Vendor Portal: Request to change product",
                           "- Note: Checks the vendor's rights", "- If: permitted", "- Vendor Portal → Vendor: Changed product"]


def test_a_state_diagram_reads_as_its_moves():
    page = ('```mermaid\nstateDiagram-v2\n    state "Draft order" as D\n    [*] --> D: created\n'
            "    D --> UNCONFIRMED\n    UNCONFIRMED --> [*]\n    UNCONFIRMED : waits for staff\n```\n")
    assert _said(page) == ["Diagram:", "- Start → Draft order: created", "- Draft order → UNCONFIRMED",
                           "- UNCONFIRMED → End", "- UNCONFIRMED: waits for staff"]


def test_other_diagrams_other_code_and_examples_inside_code_stay_as_written():
    """Controls: a kind not read (class, pie...), a flowchart in a ```` fence showing how to write one, and a
    flowchart in a plain code block are code, as written."""
    page = ("```mermaid\nclassDiagram\n  Animal <|-- Duck\n```\n\n````md\n```mermaid\ngraph TD\n  A --> B\n```\n````\n\n"
            "```\ngraph TD\n  A --> B\n```\n")
    assert mermaid.convert(page) == page

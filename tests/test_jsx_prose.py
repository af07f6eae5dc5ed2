"""Sentences a component is handed as data (ingest/jsx_prose.py): a self-closing component's array attribute of
sentences is shown as the list the site renders, numbered under a `steps` key."""
from __future__ import annotations

from ingest.markdown import clean_source, parse

SECRETS = """# Proxmox

### Secrets
<IntegrationSecrets secrets={[{
    header: <Alert type="caution">
        Use the Proxmox VE authentication server realm.
    </Alert>,
    credentials: ['username', 'tokenId', 'apiKey'],
    steps: [
        "Navigate to the Proxmox portal, click on Datacenter",
        <>
            Click Add {"->"} Group Permission
            <ul>
                <li>Path: /</li>
                <li>Role: PVEAuditor</li>
            </ul>
        </>,
        "Copy the Secret that is shown",
    ],
    steps: ["Click \\"Add\\", name the key and confirm."]
}]} />

### Adding the integration
<AddingIntegration />
"""


def test_a_components_steps_handed_as_data_are_a_numbered_list():
    """Homarr's docs: the token steps of 47 integrations are `<IntegrationSecrets secrets={[{steps: [...]}]} />`;
    every word went, and 64 chunks were bare headings. Controls: single words (credential names) stay out; the
    number of lines stays; the heading after the tag keeps its section."""
    got = clean_source(SECRETS)
    assert got.count("\n") == SECRETS.count("\n")
    assert ("- Use the Proxmox VE authentication server realm.\n1. Navigate to the Proxmox portal, click on Datacenter\n"
            "2. Click Add -> Group Permission; Path: /; Role: PVEAuditor\n3. Copy the Secret that is shown\n"
            '1. Click "Add", name the key and confirm.\n') in got                # each list of steps counts from 1
    assert "tokenId" not in got and "<" not in got.replace("<IntegrationSecrets", "")           # can fail: all gone
    doc = parse(SECRETS, "docs/service/proxmox.mdx")
    assert [s.heading_path[-1] for s in doc.sections] == ["Proxmox", "Secrets", "Adding the integration"]


def test_data_with_no_sentences_and_code_stay_as_they_were():
    """Controls: an array of names, labels or code, an object attribute (a style), and the tag shown in code;
    a titled component keeps its title (Actual Budget's `<APIList title="Rules" sections={["Payee rule", ...]}>`)."""
    page = ("# W\n\n<WidgetIntegrations items={[{\n  integration: nextcloudIntegration,\n}, {\n  integration: x,\n}]} />\n\n"
            "<Tabs values={['macOS', 'Linux']} />\n\n<Box style={{ textAlign: 'center', color: 'dark green' }} />\n\n"
            "<Run commands={[\n  'npm install foo',\n  'npm run build',\n]} />\n\n"
            "<APIList title=\"Rules\" sections={[\n\"Payee rule\",\n\"getRules\"\n]} />\n\n"
            "<Faq title=\"Questions\" items={[\n  \"Where are backups kept?\",\n]} />\n\n"
            "```jsx\n<Secrets steps={[\"Click the button now\"]} />\n```\n")
    got = clean_source(page)
    assert "Click the button now" in got and "npm install" not in got and "dark green" not in got
    assert "**Rules**" in got and "Payee rule" not in got and "**Questions**\n- Where are backups kept?\n" in got
    assert "- " not in got.split("**Questions**")[0]                        # can fail: names or code as items

"""End-to-end tests of `concord lsp` with pytest-lsp, a client others wrote, using the client
capabilities it bundles for Visual Studio Code, Neovim and Emacs.

Run: CONCORD=path/to/concord python3 -m pytest tests/editors/test_pytest_lsp.py
"""

import os
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CONCORD = os.environ["CONCORD"]
URI = "file:///tmp/concord-pytest-lsp/news.md"
TEXT = "# News\n\nTackling radicalisation in schools, and 日本 ISIS videos.\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[CONCORD, "lsp"]),
    params=["visual-studio-code", "neovim", "emacs"],
)
async def client(request, lsp_client: LanguageClient):
    # concord registers a watcher for concord.toml; answer it as an editor would.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params):
        return None

    capabilities = client_capabilities(request.param)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


def encoding(client: LanguageClient) -> str:
    offered = client.capabilities.general and client.capabilities.general.position_encodings
    return "utf-8" if offered and types.PositionEncodingKind.Utf8 in offered else "utf-16"


async def diagnostics_for(client: LanguageClient, version: int, uri: str = URI) -> list:
    """Diagnostics of the document, pushed or (for clients that pull) requested."""
    if client.capabilities.text_document and client.capabilities.text_document.diagnostic:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return report.items
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics


def apply_edits(text: str, edits: list, encoding: str = "utf-16") -> str:
    """`text` with LSP TextEdits applied, last edit first. Positions count UTF-16 code units
    (or UTF-8 bytes, if that is the encoding the client negotiated)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        units = 0
        for i, char in enumerate(line):
            if units >= position.character:
                return starts[position.line] + i
            units += len(char.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(char.encode())
        return starts[position.line] + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


@pytest.mark.asyncio(loop_scope="module")
async def test_open_change_code_action_hover(client: LanguageClient):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="markdown", version=1, text=TEXT)
        )
    )
    found = await diagnostics_for(client, 1)
    codes = [d.code for d in found]
    assert codes == ["cohesion/vague-radicalisation", "cohesion/daesh-naming"], codes
    isis = found[1]
    # Counted in the encoding the client negotiated: Neovim and Emacs offer UTF-8, VS Code not.
    prefix = TEXT.split("\n")[2].split("ISIS")[0]
    start = len(prefix.encode()) if encoding(client) == "utf-8" else len(prefix.encode("utf-16-le")) // 2
    assert (isis.range.start.line, isis.range.start.character) == (2, start)
    assert isis.source == "concord"

    # Replace "radicalisation" with a better phrase: the finding goes, ISIS stays.
    edit_range = found[0].range
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=edit_range, text="people being drawn into terrorism")
            ],
        )
    )
    found = await diagnostics_for(client, 2)
    assert [d.code for d in found] == ["cohesion/daesh-naming"]

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    preferred = [a for a in actions if a.is_preferred]
    assert len(preferred) == 1 and preferred[0].edit.changes[URI][0].new_text == "Daesh"
    assert any(a.kind == "source.fixAll.concord" for a in actions)

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=found[0].range.start)
    )
    assert hover.contents.value.startswith("**cohesion/daesh-naming** (warning)")


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    ("name", "language", "text", "fixed"),
    [
        (
            "families.html",
            "html",
            "<p>Families of people who joined <b>Islamic</b> State can call us.</p>",
            "<p>Families of people who joined <b>Daesh</b> can call us.</p>",
        ),
        (
            "families.md",
            "markdown",
            "Families of people who joined **Islamic** State can call us.\n",
            "Families of people who joined **Daesh** can call us.\n",
        ),
    ],
)
async def test_fix_across_markup(client: LanguageClient, name, language, text, fixed):
    """A finding split by markup: the quick fix's title is plain text, and both the quick fix
    and "fix all" keep the markup around the replacement."""
    uri = f"file:///tmp/concord-pytest-lsp/{name}"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    found = await diagnostics_for(client, 1, uri)
    assert [d.code for d in found] == ["cohesion/daesh-naming"], found

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.title.startswith("Replace")]
    assert [a.title for a in fixes] == ["Replace “Islamic State” with “Daesh”"]
    assert apply_edits(text, fixes[0].edit.changes[uri], encoding(client)) == fixed

    fix_all = [a for a in actions if a.kind == "source.fixAll.concord"]
    assert len(fix_all) == 1
    assert apply_edits(text, fix_all[0].edit.changes[uri], encoding(client)) == fixed


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))

// Starts `concord lsp` for Markdown, HTML and plain text, and passes the user's settings to it.
import { ExtensionContext, workspace } from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The settings concord reads: the same keys as concord.toml, applied on top of it. */
function settings() {
  const config = workspace.getConfiguration("concord");
  return {
    packs: config.get<string[] | null>("packs") ?? undefined,
    rules: config.get<Record<string, string>>("rules", {}),
    allow: config.get<string[]>("allow", []),
    languages: config.get<string[]>("languages", []),
  };
}

export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration("concord").get<string>("path", "concord");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const languages = ["markdown", "html", "plaintext", ...settings().languages];
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.map((language) => ({ language })),
    initializationOptions: settings(),
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/{concord.toml,.concord.toml}") },
  };
  client = new LanguageClient("concord", "concord", serverOptions, clientOptions);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("concord")) {
        void client?.sendNotification("workspace/didChangeConfiguration", { settings: { concord: settings() } });
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

// Starts `concord lsp` for Markdown, HTML and plain text, and passes the user's settings to it.
import * as fs from "fs";
import * as path from "path";
import { ExtensionContext, OutputChannel, window, workspace } from "vscode";
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

/**
 * The concord to run, and where it came from: the `concord.path` setting when the user gave one,
 * else the binary this extension carries (a platform-specific .vsix does), else `concord` on PATH.
 */
function program(context: ExtensionContext): { command: string; origin: string } {
  const configured = workspace.getConfiguration("concord").get<string>("path", "").trim();
  if (configured) {
    return { command: configured, origin: "from the concord.path setting" };
  }
  const name = process.platform === "win32" ? "concord.exe" : "concord";
  const bundled = context.asAbsolutePath(path.join("bin", name));
  if (fs.existsSync(bundled)) {
    return { command: bundled, origin: "carried by this extension" };
  }
  return { command: "concord", origin: "found on PATH: this extension carries no concord for this platform" };
}

export async function activate(context: ExtensionContext): Promise<void> {
  const output: OutputChannel = window.createOutputChannel("concord");
  context.subscriptions.push(output);
  const { command, origin } = program(context);
  output.appendLine(`Running ${command} (${origin}).`);
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const languages = ["markdown", "html", "plaintext", ...settings().languages];
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.map((language) => ({ language })),
    initializationOptions: settings(),
    outputChannel: output,
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
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`Could not start ${command}: ${error}`);
    void window.showErrorMessage(
      `concord could not start ${command} (${origin}). Set concord.path to the concord program, or install the .vsix for your platform.`,
    );
    return;
  }
  const server = client.initializeResult?.serverInfo;
  output.appendLine(`${server?.name ?? "concord"} ${server?.version ?? ""} is checking your documents.`.replace("  ", " "));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

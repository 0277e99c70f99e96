// concord's VS Code extension in a real VS Code (code-server, driven in Debian's Chromium by
// playwright-core), as a user sees it: open a Markdown file, read concord's finding in the
// Problems panel, apply the quick fix "Daesh" from the Ctrl+. menu by keyboard, save with
// Ctrl+S, and read the file on disk. Also checks which concord program the extension started,
// and that the Output panel's "concord" channel tells the user which one it runs.
// Screenshots go to $OUT (default tests/web/out) as vscode-*.png, to be looked at.
//
// Usage (tests/vscode-e2e sets all of these):
//   CODE_SERVER_URL=http://127.0.0.1:PORT/ WORKSPACE=/tmp/ws CODE_SERVER_PID=PID \
//   EXPECT_CONCORD=/path/the/extension/should/run PROFILE=/tmp/chromium-profile node vscode.test.mjs
// With CONCORD_PATH_SETTING set (tests/vscode-e2e passes it on), the Output panel should say the
// program is from the concord.path setting rather than carried by the extension.

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync }
  from "node:fs";
import assert from "node:assert/strict";
import path from "node:path";

const url = process.env.CODE_SERVER_URL;
const workspace = process.env.WORKSPACE;
const serverPid = Number(process.env.CODE_SERVER_PID);
const expectConcord = process.env.EXPECT_CONCORD;
const expectOrigin = process.env.CONCORD_PATH_SETTING
  ? "from the concord.path setting" : "carried by this extension";
const out = process.env.OUT || path.join(import.meta.dirname, "out");
const file = path.join(workspace, "news.md");
const original = "Officers warned about ISIS propaganda online.\n";
const fixed = "Officers warned about Daesh propaganda online.\n";
mkdirSync(out, { recursive: true });
for (const old of readdirSync(out).filter((name) => /^vscode-.*\.png$/.test(name))) {
  rmSync(path.join(out, old));
}

// A profile directory of its own, so the script that runs this test can find and end every
// Chromium process it started.
const context = await chromium.launchPersistentContext(process.env.PROFILE, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
context.setDefaultTimeout(30_000);
const page = context.pages()[0] ?? await context.newPage();
const started = Date.now();
let failed = false;

/** Runs the steps in order; after a failure the rest are skipped, since each needs the last. */
async function step(name, body) {
  if (failed) {
    console.error(`skipped: ${name}`);
    return;
  }
  try {
    await body();
    console.log(`ok: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed = true;
    console.error(`FAILED: ${name}\n${error.stack || error}`);
    await page.screenshot({ path: path.join(out, "vscode-failed.png") }).catch(() => {});
    console.error(`(the screen at the failure: ${path.join(out, "vscode-failed.png")})`);
  }
}

/** The `concord lsp` processes that code-server started (its descendants), by program path. */
function concordServers() {
  const parent = (pid) => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return 0;
    }
  };
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent(p), hops++) {
      if (p === serverPid) return true;
    }
    return false;
  };
  const servers = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const exe = readlinkSync(`/proc/${entry}/exe`).replace(/ \(deleted\)$/, "");
      if (path.basename(exe) === "concord" && argv[1] === "lsp" && descends(Number(entry))) {
        servers.push(exe);
      }
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return servers;
}

const problems = page.locator(".markers-panel");
const daeshProblem = problems.locator(".monaco-list-row", { hasText: "cohesion/daesh-naming" });

await step("code-server opens the workspace and news.md in an editor", async () => {
  assert.equal(readFileSync(file, "utf8"), original, "news.md starts as written");
  await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "news.md" }).click();
  const tab = page.locator(".tabs-container .tab", { hasText: "news.md" });
  await tab.waitFor();
  // The editor shows the file's text (its spaces are no-break spaces, which \s matches).
  await page.locator(".monaco-editor .view-lines",
    { hasText: /Officers\s+warned\s+about\s+ISIS\s+propaganda\s+online\./ }).waitFor();
});

await step("the Problems panel lists concord's finding for news.md", async () => {
  await page.keyboard.press("Control+Shift+M");
  await problems.waitFor();
  // The language server starts when the Markdown file opens; its first check builds the rules.
  await daeshProblem.waitFor({ timeout: 60_000 });
  const row = (await daeshProblem.innerText()).replace(/\s+/g, " ");
  assert.match(row, /The UK Government and the council call this group Daesh/, "the message");
  assert.match(row, /concord/, "the source");
  assert.match(row, /\[Ln 1, Col 23\]/, "the position of ISIS");
  assert.ok(await problems.locator(".monaco-list-row", { hasText: "news.md" }).isVisible(),
    "the finding is listed under news.md");
  assert.equal(await problems.locator(".monaco-list-row", { hasText: "concord" }).count(), 1,
    "exactly one concord finding");
  // The squiggle under ISIS in the editor too.
  assert.ok(await page.locator(".monaco-editor .squiggly-warning").count() > 0,
    "a warning squiggle in the editor");
  await page.screenshot({ path: path.join(out, "vscode-1-problems.png") });
});

await step("the extension runs the concord program it should", async () => {
  const servers = concordServers();
  assert.ok(servers.length > 0, "no `concord lsp` process under code-server");
  assert.ok(existsSync(expectConcord), `there is no ${expectConcord}`);
  const want = realpathSync(expectConcord);
  assert.deepEqual([...new Set(servers)], [want],
    `the extension ran ${servers.join(", ")}, not ${want}`);
});

await step("Ctrl+. on ISIS offers “Daesh”; Enter applies it; Ctrl+S saves it to disk", async () => {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+G");
  await page.keyboard.type("1:23");
  await page.keyboard.press("Enter");
  await page.locator(".statusbar-item", { hasText: "Ln 1, Col 23" }).waitFor();
  // The lightbulb shows once VS Code has the code actions for the cursor's place.
  await page.locator(".monaco-editor .lightBulbWidget").waitFor();
  const menu = page.getByRole("listbox").filter({ has: page.getByRole("option") }).last();
  const replace = menu.getByRole("option", { name: /Replace “ISIS” with “Daesh”/ });
  // Now and then the first Ctrl+. opens nothing (1 run in 20 here); a user would press it again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Control+.");
    try {
      await replace.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw new Error(`Ctrl+. opened no menu with “Daesh”, 3 times: ${error}`);
      console.log("note: Ctrl+. opened no menu; pressing it again");
    }
  }
  assert.ok(await menu.getByRole("option", { name: /Ignore cohesion\/daesh-naming on this line/ })
    .isVisible(), "the menu also offers to ignore the rule here");
  // Down the menu by keyboard until the replacement is the focused option.
  for (let i = 0; i < 10 && !(await replace.getAttribute("class")).includes("focused"); i++) {
    await page.keyboard.press("ArrowDown");
  }
  assert.match(await replace.getAttribute("class"), /focused/, "the quick fix is focused");
  await page.screenshot({ path: path.join(out, "vscode-2-quick-fix.png") });
  await page.keyboard.press("Enter");
  await replace.waitFor({ state: "hidden" });
  await page.locator(".monaco-editor .view-lines", { hasText: "Daesh" }).first().waitFor();
  const tab = page.locator(".tabs-container .tab", { hasText: "news.md" });
  assert.match(await tab.getAttribute("class"), /\bdirty\b/, "the editor has unsaved changes");
  assert.equal(readFileSync(file, "utf8"), original, "the file on disk is unchanged before saving");
  await page.keyboard.press("Control+S");
  let text = "";
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
    text = readFileSync(file, "utf8");
    if (text !== original) break;
  }
  assert.equal(text, fixed, "news.md on disk after the quick fix and Ctrl+S");
});

await step("after the fix the Problems panel is empty", async () => {
  await daeshProblem.waitFor({ state: "detached", timeout: 20_000 });
  await problems.getByText("No problems have been detected in the workspace.").waitFor();
  assert.equal(await page.locator(".monaco-editor .squiggly-warning").count(), 0,
    "no squiggle left in the editor");
  await page.screenshot({ path: path.join(out, "vscode-3-fixed.png") });
});

await step("the Output panel's “concord” channel says which concord runs, and its version", async () => {
  // The version the program itself reports, e.g. "concord 0.1.0 (faf09a1cfd 2026-12-06)".
  const version = execFileSync(expectConcord, ["--version"], { encoding: "utf8" })
    .match(/^concord (\S+)/)?.[1];
  assert.ok(version, `${expectConcord} --version names no version`);
  // The Output tab of the panel (the Problems panel is showing), then "concord" in its dropdown.
  await page.locator(".part.panel .composite-bar .action-label[aria-label^='Output']").click();
  const channels = page.getByRole("toolbar", { name: "Output actions" }).getByLabel("Switch Output");
  await channels.selectOption({ label: "concord" });
  const output = page.locator(".part.panel .monaco-editor")
    .filter({ has: page.getByRole("textbox", { name: "concord - Output" }) });
  await output.locator(".view-lines", { hasText: /is\s+checking\s+your\s+documents\./ }).waitFor();
  // The lines as shown, top to bottom. The view wraps long lines (the path is long), and a wrap
  // keeps its space at the end of the first part, so joining the parts gives back the line.
  const lines = (await output.locator(".view-line").evaluateAll((rows) => rows
    .map((row) => ({ top: parseFloat(row.style.top), text: row.textContent }))
    .sort((a, b) => a.top - b.top).map((row) => row.text.replace(/\u00a0/g, " "))));
  const text = lines.join("");
  const shown = `; the Output panel shows:\n${lines.join("\n")}`;
  const running = `Running ${expectConcord} (${expectOrigin}).`;
  assert.ok(text.includes(running), `no “${running}”${shown}`);
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  assert.match(text, new RegExp(`concord ${escaped}( \\([^)]*\\))? is checking your documents\\.`),
    `no “concord ${version} … is checking your documents.”${shown}`);
  await page.screenshot({ path: path.join(out, "vscode-4-output.png") });
});

await context.close();
if (failed) process.exit(1);

// concord's web checker and HTML report in a real browser (Debian's Chromium, driven by
// playwright-core): upload a Word document and read the findings, the same by keyboard alone,
// without JavaScript, at 320 px wide; axe-core on every page; the report file read and printed
// to PDF. Screenshots go to $OUT (default tests/web/out) to be looked at.
//
// Usage: CONCORD_URL=http://127.0.0.1:PORT REPORT=/path/report.html node web.test.mjs

import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import assert from "node:assert/strict";
import path from "node:path";

const url = process.env.CONCORD_URL;
const concord = process.env.CONCORD;
const report = process.env.REPORT;
const out = process.env.OUT || path.join(import.meta.dirname, "out");
const docx = path.resolve(import.meta.dirname, "../fixtures/office/features.docx");
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync"],
});
let failures = 0;

async function step(name, body) {
  try {
    await body();
    console.log(`ok: ${name}`);
  } catch (error) {
    failures += 1;
    console.error(`FAILED: ${name}\n${error.stack || error}`);
  }
}

/** axe-core finds no WCAG 2.2 A/AA violation on the page as it is now. */
async function accessible(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  assert.deepEqual(violations, [], `${what}: axe-core violations`);
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  return context.newPage();
}

await step("the empty page is accessible and offers upload and paste", async () => {
  const page = await newPage();
  await page.goto(url);
  assert.equal(await page.locator("h1").innerText(), "Check the language of your document");
  assert.ok(await page.getByLabel("Upload a document").isVisible());
  assert.ok(await page.getByLabel("Paste your text").isVisible());
  await accessible(page, "empty page");
  await page.screenshot({ path: path.join(out, "1-empty.png"), fullPage: true });
});

await step("a Word document's findings are shown in place, with a summary", async () => {
  const page = await newPage();
  await page.goto(url);
  await page.getByLabel("Upload a document").setInputFiles(docx);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.locator("#results-heading").waitFor();
  assert.match(await page.locator("h1").innerText(), /Results for features\.docx/);
  assert.match(await page.locator(".summary .lede").innerText(), /8 problems to look at in 1 document/);
  assert.equal(await page.locator("ol.findings > li").count(), 8);
  const first = page.locator("ol.findings > li").first();
  assert.match(await first.innerText(), /Paragraph 2/);
  assert.match(await first.locator("mark").innerText(), /radicalisation/);
  assert.match(await first.innerText(), /Write instead:/);
  assert.equal(await page.locator(".whole-text mark").count(), 8, "every finding is marked in the text");
  await accessible(page, "results page");
  await page.screenshot({ path: path.join(out, "2-results.png"), fullPage: true });
});

/** What concord finds in a file: the rule and words of each finding. */
function findings(file) {
  // Exit status 1 means findings; the report is on standard output either way.
  const run = spawnSync(concord, ["check", "--no-config", "--format", "json", file]);
  assert.ok(run.status === 0 || run.status === 1, `concord check ${file}: ${run.stderr}`);
  const json = JSON.parse(run.stdout.toString());
  return json.files[0].diagnostics.map((d) => `${d.rule}: ${d.matched}`);
}

await step("the results offer the Word document back with comments, by keyboard", async () => {
  const page = await newPage();
  await page.goto(url);
  await page.getByLabel("Upload a document").setInputFiles(docx);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.locator("#results-heading").waitFor();
  const button = page.getByRole("button", { name: "Download your document with these comments" });
  assert.ok(await button.isVisible(), "the download button is shown for a Word document");
  await button.focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), "features.reviewed.docx");
  const saved = path.join(out, "features.reviewed.docx");
  await download.saveAs(saved);
  assert.deepEqual(findings(saved), findings(docx), "the copy reads as the original");
  await page.locator("#download-status").filter({ hasText: "Downloaded" }).waitFor();
  assert.match(await page.locator("#download-status").innerText(),
    /Downloaded features\.reviewed\.docx with 4 comments\./);
  await accessible(page, "results page after the download");
  await page.screenshot({ path: path.join(out, "7-download.png"), fullPage: true });
});

await step("without JavaScript, 'Download with comments' saves the copy from the form", async () => {
  const page = await newPage({ javaScriptEnabled: false, acceptDownloads: true });
  await page.goto(url);
  await page.getByLabel("Upload a document").setInputFiles(docx);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download with comments" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "features.reviewed.docx");
  const saved = path.join(out, "no-script.reviewed.docx");
  await download.saveAs(saved);
  assert.deepEqual(findings(saved), findings(docx));
  await page.context().close();
});

await step("asking for comments on pasted text says plainly what can hold them", async () => {
  const page = await newPage();
  await page.goto(url);
  await page.getByLabel("Paste your text").fill("Residents called it a no-go area.");
  await page.getByRole("button", { name: "Download with comments" }).click();
  await page.locator("#error-summary").waitFor();
  const said = await page.locator("#error-summary").innerText();
  assert.match(said, /Only Word \(\.docx\) and OpenDocument \(\.odt\) files can come back with comments/);
  assert.doesNotMatch(said, /concord check/, "no command line for a partner");
  assert.equal(await page.getByLabel("Paste your text").inputValue(),
    "Residents called it a no-go area.", "the pasted text is kept");
  await accessible(page, "comments refused");
});

await step("the keyboard alone reaches the form, checks pasted text and lands on the results", async () => {
  const page = await newPage();
  await page.goto(url);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to main content");
  await page.keyboard.press("Enter");
  const stops = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
    stops.push(id);
    if (id === "text") break;
  }
  assert.ok(stops.includes("file"), `the file input is reachable: ${stops}`);
  assert.equal(stops.at(-1), "text", `the text box is reachable: ${stops}`);
  await page.keyboard.type("Officers worried about radicalisation among young people who joined ISIS.");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Check");
  await page.keyboard.press("Enter");
  await page.locator("#results-heading").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "results-heading",
    "focus moves to the results");
  assert.equal(await page.locator("ol.findings > li").count(), 2);
  await page.screenshot({ path: path.join(out, "3-keyboard.png"), fullPage: true });
});

await step("without JavaScript the plain form posts and the results page answers", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(url);
  await page.getByLabel("Paste your text").fill("Residents called it a no-go area.");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.waitForURL(/\/check$/);
  assert.equal(await page.locator("ol.findings > li").count(), 1);
  // axe-core needs JavaScript to run; the same page is checked with it above.
  await page.context().close();
});

await step("a problem is reported in plain English above the form", async () => {
  const page = await newPage();
  await page.goto(url);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.locator("#error-summary").waitFor();
  assert.match(await page.locator("#error-summary").innerText(), /Choose a document to upload, or paste your text/);
  await accessible(page, "error page");
  await page.screenshot({ path: path.join(out, "4-error.png"), fullPage: true });
});

// The server runs with `--max-upload 2` (tests/web-e2e): a 6 MB file is refused before it is
// all sent, and the browser must still show the answer, not its own "connection reset" page.
await step("a document over the size limit is refused in plain English, with or without JavaScript", async () => {
  const big = path.join(out, "too-big.txt");
  writeFileSync(big, "The council met. ".repeat(370_000));
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(url);
    await page.getByLabel("Upload a document").setInputFiles(big);
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await page.locator("#error-summary").waitFor();
    assert.match(await page.locator("#error-summary").innerText(),
      /larger than the 2 MB the checker accepts/, `JavaScript ${javaScriptEnabled ? "on" : "off"}`);
    if (javaScriptEnabled) {
      await accessible(page, "upload too large");
      await page.screenshot({ path: path.join(out, "8-too-large.png"), fullPage: true });
    }
    await page.context().close();
  }
});

await step("the page reflows at 320 px wide with no sideways scrolling", async () => {
  const page = await newPage({ viewport: { width: 320, height: 800 } });
  await page.goto(url);
  await page.getByLabel("Upload a document").setInputFiles(docx);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.locator("#results-heading").waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `scroll width ${width}`);
  await page.screenshot({ path: path.join(out, "5-narrow.png"), fullPage: true });
});

if (report) {
  await step("the HTML report file is accessible, and prints every finding to PDF", async () => {
    const page = await newPage();
    await page.goto(`file://${report}`);
    await accessible(page, "report file");
    await page.screenshot({ path: path.join(out, "6-report.png"), fullPage: true });
    const pdf = path.join(out, "report.pdf");
    await page.pdf({ path: pdf, format: "A4", printBackground: true });
    const printed = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
    // The marked words, without the "Problem N:" that only screen readers hear.
    const marked = await page.locator("mark").evaluateAll((marks) => marks.map((mark) => {
      const copy = mark.cloneNode(true);
      copy.querySelector(".visually-hidden")?.remove();
      return copy.textContent;
    }));
    assert.ok(marked.length > 0);
    for (const words of marked) {
      const plain = words.replace(/\s+/g, " ").trim();
      assert.ok(printed.replace(/\s+/g, " ").includes(plain), `"${plain}" is in the printed report`);
    }
  });
}

if (process.env.REPORT_PLAIN) {
  await step("with the plain pack on, the report gives each reading age, hardest paragraphs first", async () => {
    const page = await newPage();
    await page.goto(`file://${process.env.REPORT_PLAIN}`);
    await accessible(page, "report file with the plain pack");
    const boxes = page.locator(".reading-age");
    assert.equal(await boxes.count(), 2, "one reading age for each document");
    assert.match(await boxes.first().locator("h3").innerText(), /^Reading age: about \d+$/);
    const ages = await boxes.first().locator("ol.hardest > li").evaluateAll((items) =>
      items.map((item) => Number(item.textContent.match(/reading age about (\d+)/)[1])));
    assert.ok(ages.length > 0 && ages.every((age, i) => i === 0 || ages[i - 1] >= age), `hardest first: ${ages}`);
    await boxes.first().screenshot({ path: path.join(out, "9-reading-age.png") });
  });
}

await browser.close();
if (failures > 0) {
  console.error(`${failures} web test(s) failed`);
  process.exit(1);
}

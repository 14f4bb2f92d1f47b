'use strict';
// Semantic Apex check without an org: apex-ls (ApexDevTools, the ApexLink engine) ships inside
// @salesforce/code-analyzer-pmd-engine's jars. Its CheckForIssues loads the project through
// sfdx-project.json (namespace, package directories, custom objects and fields) plus the bundled
// standard SObject schema, and reports unknown fields, types and methods. Exit code 4 = issues.
// The main class and jar layout are internals of pmd-engine: keep that dependency pinned exactly.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const {
  PACKAGE_DIR,
  walk,
  rel,
  result,
  guard,
  plural,
  resolveModule,
  missingJavaResult,
  ANALYSIS_JVM_OPTIONS,
} = require('./lib/common');

const NAME = 'semantic';
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
const TIMEOUT_MS = 5 * 60 * 1000;

function jarDir(projectDir) {
  const pkg = resolveModule('@salesforce/code-analyzer-pmd-engine/package.json', projectDir);
  const dir = path.join(path.dirname(pkg), 'dist', 'java-lib');
  if (!fs.existsSync(dir) || !fs.readdirSync(dir).some((f) => /^apex-ls.*\.jar$/.test(f))) {
    throw new Error(
      `no apex-ls jar in ${dir}: the layout of @salesforce/code-analyzer-pmd-engine changed (pin it exactly)`,
    );
  }
  return dir;
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function trimMessage(message) {
  return String(message).replace(/expecting \{[^}]{120,}\}/, 'expecting one of many tokens');
}

/** Issues from `-f json` output: { files: [{ path, messages: [{ start: { line }, category, message }] }] }. */
function parseJson(stdout) {
  const start = stdout.indexOf('{');
  if (start < 0) return null;
  let data;
  try {
    data = JSON.parse(stdout.slice(start));
  } catch {
    return null;
  }
  if (!data || !Array.isArray(data.files)) return null;
  const issues = [];
  for (const f of data.files) {
    for (const m of f.messages || []) {
      issues.push({ path: f.path, line: m.start && m.start.line, category: m.category, message: m.message });
    }
  }
  return issues;
}

/** Fallback for the text format: a path line, then "Category: line N at a-b: message" lines. */
function parseText(stdout) {
  const issues = [];
  let current = null;
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*(\w+): line (\d+)(?: at [\d-]+)?: (.*)$/.exec(line);
    if (m && current) issues.push({ path: current, line: Number(m[2]), category: m[1], message: m[3] });
    else if (line.trim().startsWith('/')) current = line.trim();
  }
  return issues;
}

async function check(projectDir, options = {}) {
  return guard(NAME, async () => {
    const javaCommand = options.javaCommand || 'java';
    const missingJava = missingJavaResult(NAME, 'apex-ls', javaCommand);
    if (missingJava) return missingJava;
    const dir = path.resolve(projectDir);
    const classpath = `${jarDir(dir)}${path.sep}*`;
    const args = [...ANALYSIS_JVM_OPTIONS, '-cp', classpath, MAIN_CLASS, '-n', '-f', 'json', '-w', dir];
    const { code, signal, stdout, stderr } = await run(javaCommand, args, dir);
    if (signal) throw new Error(`apex-ls was killed (${signal}) after ${TIMEOUT_MS / 1000}s`);
    if (code !== 0 && code !== 4) {
      throw new Error(`apex-ls exited with ${code}: ${(stderr || stdout).trim().slice(0, 800)}`);
    }
    const issues = parseJson(stdout) || parseText(stdout);
    const problems = issues.map((i) => ({
      file: i.path && path.isAbsolute(i.path) ? rel(dir, i.path) || '.' : i.path || '(apex-ls)',
      line: i.line,
      message: `${i.category ? `${i.category}: ` : ''}${trimMessage(i.message)}`,
    }));
    if (code === 4 && !problems.length) {
      problems.push({
        file: '(apex-ls)',
        message: `apex-ls found issues but its output was not understood: ${stdout.slice(0, 800)}`,
      });
    }
    const apexCount = walk(path.join(dir, PACKAGE_DIR)).filter((f) => /\.(cls|trigger)$/.test(f)).length;
    return result(NAME, problems, `no semantic errors in ${plural(apexCount, 'Apex file')}`);
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;

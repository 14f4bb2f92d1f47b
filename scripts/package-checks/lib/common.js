'use strict';
// Shared helpers for the offline package checks. Every check is
// `async (projectDir, options?) => ({ name, ok, summary, problems })` and never throws:
// `guard()` turns a crash of the tool itself into a failed check with a clear message.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PACKAGE_DIR = 'force-app';
const EXPECTED_LIST = path.join('scripts', 'package-checks', 'expected-components.json');
const SKIP_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx']);

/** Every file under `dir`, recursively, sorted (absolute paths). */
function walk(dir) {
  const out = [];
  const visit = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) visit(path.join(d, entry.name));
      } else if (entry.isFile()) {
        out.push(path.join(d, entry.name));
      }
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out.sort();
}

/** Path relative to the project, with forward slashes, for problem reports. */
function rel(projectDir, file) {
  return path.relative(projectDir, file).split(path.sep).join('/');
}

/**
 * Resolve a module from the project first (a copy may carry its own node_modules), then from
 * the repository these scripts live in, so a copy of the project in /tmp still finds the tools.
 */
function resolveModule(request, projectDir) {
  const paths = [projectDir, __dirname].filter(Boolean);
  return require.resolve(request, { paths });
}

function requireModule(request, projectDir) {
  return require(resolveModule(request, projectDir));
}

function plural(n, word, pluralWord = `${word}s`) {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/**
 * Build a check result: it passes when there are no problems. The summary is `passSummary` on a
 * pass and "N problems" on a failure; `note` (e.g. counts that do not fail) is appended to both.
 */
function result(name, problems, passSummary, note) {
  const ok = problems.length === 0;
  const summary = ok ? passSummary : plural(problems.length, 'problem');
  return { name, ok, summary: note ? `${summary}; ${note}` : summary, problems };
}

/** Run a check body; any exception is the tool crashing, reported as a failed check. */
async function guard(name, body) {
  try {
    return await body();
  } catch (err) {
    const message = err && err.stack ? err.stack.split('\n').slice(0, 4).join('\n') : String(err);
    return {
      name,
      ok: false,
      summary: 'the check itself crashed',
      problems: [{ file: '(tool)', message: `${name} check crashed: ${message}` }],
    };
  }
}

/**
 * The major version of `javaCommand`, or an error message. Both PMD (code-analyzer) and apex-ls
 * need Java 11+; without this pre-check PMD reports a long, generic engine error instead.
 */
function javaVersion(javaCommand = 'java') {
  const r = spawnSync(javaCommand, ['-version'], { encoding: 'utf8', timeout: 30000 });
  if (r.error) return { error: `${javaCommand}: ${r.error.code || r.error.message}` };
  const text = `${r.stderr || ''}${r.stdout || ''}`;
  const m = text.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return { error: `could not read the version from '${javaCommand} -version': ${text.trim().slice(0, 200)}` };
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  return { major };
}

/**
 * JVM options for the analysis JVMs (PMD, apex-ls): each runs for seconds, too short for the C2 compiler and the
 * parallel collector to pay back the CPU they take. With C1 only and the serial collector the package checks take
 * 22 CPU-seconds instead of 38 on 2 cores, with the same results.
 */
const ANALYSIS_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * For JVMs we do not start ourselves (Code Analyzer spawns PMD's with this process's environment): adds the options
 * to JDK_JAVA_OPTIONS, which the `java` launcher reads (Java 9+), ahead of any the caller set. Idempotent, and left
 * set: every JVM this process starts is an analysis JVM, and checks run side by side, so restoring could race.
 */
function useAnalysisJvmOptions(env = process.env) {
  const ours = ANALYSIS_JVM_OPTIONS.join(' ');
  const own = env.JDK_JAVA_OPTIONS || '';
  if (!own.startsWith(ours)) env.JDK_JAVA_OPTIONS = own ? `${ours} ${own}` : ours;
}

const JAVA_HINT = 'install a JDK (apt-get install openjdk-17-jre-headless)';

/** A failed check result when `javaCommand` is missing or older than Java 11, else null. */
function missingJavaResult(name, tool, javaCommand = 'java') {
  const java = javaVersion(javaCommand);
  if (!java.error && java.major >= 11) return null;
  const detail = java.error || `'${javaCommand}' is Java ${java.major}`;
  return {
    name,
    ok: false,
    summary: 'Java missing',
    problems: [{ file: '(tool)', message: `${tool} needs Java 11+: ${JAVA_HINT}. (${detail})` }],
  };
}

/** Read and parse sfdx-project.json; returns { config } or { error }. */
function readProjectConfig(projectDir) {
  const file = path.join(projectDir, 'sfdx-project.json');
  if (!fs.existsSync(file)) return { error: 'sfdx-project.json not found' };
  try {
    return { config: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch (err) {
    return { error: `sfdx-project.json is not valid JSON: ${err.message}` };
  }
}

module.exports = {
  REPO_ROOT,
  PACKAGE_DIR,
  EXPECTED_LIST,
  JAVA_HINT,
  ANALYSIS_JVM_OPTIONS,
  useAnalysisJvmOptions,
  walk,
  rel,
  resolveModule,
  requireModule,
  plural,
  result,
  guard,
  javaVersion,
  missingJavaResult,
  readProjectConfig,
};

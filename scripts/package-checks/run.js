#!/usr/bin/env node
'use strict';
// Runs every offline package check and prints one line per check, then
// `package checks: N passed, M failed`; exits 1 if any failed.
// Usage: node scripts/package-checks/run.js [projectDir] [--only name,name]
//   projectDir  default: the repository root
//   --only      run just these checks (e.g. --only pmd,semantic), in the report's order
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./lib/common');

// Order of the report. All run at once: the three Node checks take well under a second, and the
// two Java ones (PMD, apex-ls) overlap better than they run one after the other, even on 2 cores.
const CHECKS = [
  ['convert', require('./convert')],
  ['xml', require('./xml')],
  ['prettier', require('./prettier')],
  ['pmd', require('./pmd')],
  ['semantic', require('./semantic')],
  ['soql-fields', require('./soql-fields')],
  ['references', require('./references')],
  ['requirements', require('../requirements/requirements-check').checkRequirements],
  ['workflows', require('./workflows')],
];

async function runAll(projectDir, checks = CHECKS) {
  return Promise.all(
    checks.map(async ([name, check]) => {
      const started = Date.now();
      let res;
      try {
        res = await check(projectDir);
      } catch (err) {
        // Checks should never throw; if one does, it still counts as a failed check.
        res = {
          name,
          ok: false,
          summary: 'the check itself crashed',
          problems: [{ file: '(tool)', message: String(err && err.stack) }],
        };
      }
      return { ...res, name: res.name || name, ms: Date.now() - started };
    }),
  );
}

function formatProblem(p) {
  const where = `${p.file || '(unknown)'}${p.line ? `:${p.line}` : ''}`;
  return `    ${where} ${String(p.message).split('\n').join('\n      ')}`;
}

function format(results) {
  const lines = [];
  for (const r of results) {
    lines.push(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} — ${r.summary}`);
    for (const p of r.problems || []) lines.push(formatProblem(p));
  }
  const passed = results.filter((r) => r.ok).length;
  lines.push(`package checks: ${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}

async function main(argv) {
  const args = [...argv];
  const at = args.indexOf('--only');
  let checks = CHECKS;
  if (at >= 0) {
    const names = (args.splice(at, 2)[1] || '').split(',').filter(Boolean);
    const unknown = names.filter((n) => !CHECKS.some(([name]) => name === n));
    if (names.length === 0 || unknown.length > 0) {
      console.error(
        `package checks: --only takes check names (${CHECKS.map(([n]) => n).join(', ')}); unknown: ${unknown.join(', ') || '(none given)'}`,
      );
      return 2;
    }
    checks = CHECKS.filter(([name]) => names.includes(name));
  }
  const projectDir = path.resolve(args[0] || REPO_ROOT);
  if (!fs.existsSync(path.join(projectDir, 'sfdx-project.json'))) {
    console.error(`package checks: no sfdx-project.json in ${projectDir}`);
    return 2;
  }
  const results = await runAll(projectDir, checks);
  console.log(format(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}

module.exports = { CHECKS, runAll, format, main };

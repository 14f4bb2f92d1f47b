'use strict';
// The CI workflows that can only run elsewhere (the scratch-org job needs a Dev Hub), checked offline so they are
// right by construction: each `.github/workflows/*.yml` parses, its jobs have `runs-on` and steps that each `run` or
// `use` something, `needs` names real jobs; every `sf` command in a `run` script exists in the installed Salesforce
// CLI and takes every flag given (long flags only, values where the flag wants one), read from `sf commands --json`;
// files the commands name exist, and so do the permission sets they assign.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { rel, result, guard, plural, requireModule, REPO_ROOT } = require('./lib/common');

const NAME = 'workflows';

/** Every command of the installed sf CLI with its flags, cached per CLI version (the call takes several seconds). */
function sfCommands(projectDir) {
  const cliDir = path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli');
  const version = JSON.parse(fs.readFileSync(path.join(cliDir, 'package.json'), 'utf8')).version;
  const cache = path.join(os.tmpdir(), `rox-sf-commands-${version}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-sf-home-'));
  try {
    const r = spawnSync(process.execPath, [path.join(cliDir, 'bin', 'run.js'), 'commands', '--json'], {
      cwd: projectDir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        SF_DISABLE_TELEMETRY: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        SF_DISABLE_AUTOUPDATE: 'true',
      },
    });
    if (r.status !== 0) throw new Error(`sf commands --json exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const commands = JSON.parse(r.stdout).map((c) => ({
      id: c.id,
      flags: Object.fromEntries(Object.entries(c.flags || {}).map(([n, f]) => [n, { type: f.type, multiple: !!f.multiple }])),
    }));
    const part = `${cache}.${process.pid}`;
    fs.writeFileSync(part, JSON.stringify(commands));
    fs.renameSync(part, cache);
    return commands;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Shell words of one logical line (quotes kept together, variables left as written). */
function words(line) {
  const out = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The `sf …` invocations of a run script: continuation lines joined, each ending at a shell operator. */
function sfInvocations(script) {
  const lines = script.replace(/\\\r?\n\s*/g, ' ').split(/\r?\n/);
  const out = [];
  for (const line of lines) {
    const m = /(?:^|[\s;&|(])(?:npx\s+)?sf\s+(.*)$/.exec(line.trim().startsWith('#') ? '' : line);
    if (!m) continue;
    out.push(words(m[1].split(/\s(?:&&|\|\||;|\||>|2>)\s?/)[0]));
  }
  return out;
}

function checkInvocation(argv, commands, projectDir, at) {
  const problems = [];
  const topic = [];
  let i = 0;
  while (i < argv.length && !argv[i].startsWith('-')) topic.push(argv[i++]);
  let command;
  for (let n = topic.length; n > 0 && !command; n--) command = commands.find((c) => c.id === topic.slice(0, n).join(':'));
  const shown = `sf ${topic.join(' ')}`;
  if (!command) return [`${at}: ${shown} is not a command of the installed Salesforce CLI`];
  const values = {};
  for (; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('-')) continue;
    if (!token.startsWith('--')) {
      problems.push(`${at}: ${shown} uses the short flag ${token}; write the long flag so it can be checked`);
      continue;
    }
    const [name, inline] = token.slice(2).split('=');
    const flag = command.flags[name];
    if (!flag) {
      problems.push(`${at}: ${shown} has no flag --${name}`);
      continue;
    }
    if (flag.type === 'option') {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i += 1;
      if (value === undefined || value.startsWith('--')) problems.push(`${at}: ${shown} --${name} needs a value`);
      else (values[name] ??= []).push(value);
    }
  }
  for (const name of ['definition-file', 'source-dir', 'sfdx-url-file']) {
    for (const v of values[name] ?? []) {
      if (name !== 'sfdx-url-file' && !/[$]/.test(v) && !fs.existsSync(path.join(projectDir, v)))
        problems.push(`${at}: ${shown} --${name} ${v} does not exist`);
    }
  }
  if (command.id === 'org:assign:permset') {
    for (const ps of values.name ?? []) {
      const file = path.join(projectDir, 'force-app', 'main', 'default', 'permissionsets', `${ps}.permissionset-meta.xml`);
      if (!fs.existsSync(file)) problems.push(`${at}: permission set ${ps} is not in the package`);
    }
  }
  return problems;
}

async function check(projectDir) {
  return guard(NAME, async () => {
    const dir = path.resolve(projectDir);
    const wfDir = path.join(dir, '.github', 'workflows');
    const files = fs.existsSync(wfDir) ? fs.readdirSync(wfDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    if (files.length === 0) return result(NAME, [], 'no workflows');
    const YAML = requireModule('yaml', dir);
    const problems = [];
    let commandsChecked = 0;
    let commands;
    for (const f of files) {
      const file = path.join(wfDir, f);
      const where = rel(dir, file);
      const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
      if (doc.errors.length > 0) {
        for (const e of doc.errors) problems.push({ file: where, line: e.linePos?.[0]?.line, message: e.message.split('\n')[0] });
        continue;
      }
      const wf = doc.toJS() || {};
      if (!wf.on) problems.push({ file: where, message: 'the workflow has no `on` (when it runs)' });
      const jobs = wf.jobs || {};
      if (Object.keys(jobs).length === 0) problems.push({ file: where, message: 'the workflow has no jobs' });
      for (const [jobName, job] of Object.entries(jobs)) {
        if (!job['runs-on']) problems.push({ file: where, message: `job ${jobName} has no runs-on` });
        for (const need of [].concat(job.needs || [])) {
          if (!jobs[need]) problems.push({ file: where, message: `job ${jobName} needs ${need}, which is not a job` });
        }
        (job.steps || []).forEach((step, n) => {
          const at = `job ${jobName}, step ${n + 1}${step.name ? ` (${step.name})` : ''}`;
          if (!!step.run === !!step.uses) {
            problems.push({ file: where, message: `${at}: a step must have exactly one of run and uses` });
            return;
          }
          if (!step.run) return;
          for (const m of String(step.run).matchAll(/node\s+(scripts\/\S+)/g)) {
            if (!fs.existsSync(path.join(dir, m[1]))) problems.push({ file: where, message: `${at}: ${m[1]} does not exist` });
          }
          for (const argv of sfInvocations(String(step.run))) {
            commands ??= sfCommands(dir);
            commandsChecked += 1;
            for (const message of checkInvocation(argv, commands, dir, at)) problems.push({ file: where, message });
          }
        });
      }
    }
    return result(NAME, problems, `${plural(files.length, 'workflow')}, ${plural(commandsChecked, 'sf command')} valid`);
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;
module.exports.sfInvocations = sfInvocations;

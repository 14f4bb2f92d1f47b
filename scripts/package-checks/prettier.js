'use strict';
// Every Apex class and trigger parses (prettier-plugin-apex's native jorje parser, no Java
// needed) and is formatted as `npm run format` would format it, with the project's .prettierrc.
//
// Prettier 3's CommonJS entry loads its plugins with a dynamic import(), which jest's module
// sandbox rejects ("A dynamic import callback was invoked without --experimental-vm-modules").
// So the check runs this same file in a child node process, which prints the result as JSON.
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { PACKAGE_DIR, walk, rel, result, guard, plural, requireModule, resolveModule } = require('./lib/common');

const NAME = 'prettier';
const APEX_EXT = new Set(['.cls', '.trigger']);

/** Plugins named in .prettierrc, resolved to absolute paths so a copy outside the repo loads them. */
function resolvePlugins(plugins, projectDir) {
  return (plugins || []).map((p) => (typeof p === 'string' && !path.isAbsolute(p) ? resolveModule(p, projectDir) : p));
}

/** The parser's message without the huge "expecting {...}" token lists. */
function shortMessage(err) {
  return String((err && err.message) || err)
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => l.replace(/expecting \{[^}]{120,}\}/, 'expecting one of many tokens'))
    .join(' ')
    .slice(0, 500);
}

async function checkInProcess(projectDir) {
  return guard(NAME, async () => {
    const prettier = requireModule('prettier', projectDir);
    const files = walk(path.join(projectDir, PACKAGE_DIR)).filter((f) => APEX_EXT.has(path.extname(f)));
    const problems = [];
    let formatted = 0;
    let probed = false;
    for (const file of files) {
      const config = (await prettier.resolveConfig(file, { editorconfig: false })) || {};
      if (!config.plugins || !config.plugins.length) config.plugins = ['prettier-plugin-apex'];
      const options = { ...config, plugins: resolvePlugins(config.plugins, projectDir), filepath: file };
      const source = fs.readFileSync(file, 'utf8');
      let ok;
      if (!probed) {
        // Format a trivially valid class first, so a formatter that cannot run at all (plugin or
        // native parser missing) is reported as a crash of the check, not as a syntax error.
        const probe = path.join(path.dirname(file), 'PackageCheckProbe.cls');
        try {
          await prettier.format('public class PackageCheckProbe {\n}\n', { ...options, filepath: probe });
        } catch (err) {
          throw new Error(`prettier with prettier-plugin-apex cannot format Apex here: ${err.message}`);
        }
        probed = true;
      }
      try {
        ok = await prettier.check(source, options);
      } catch (err) {
        problems.push({ file: rel(projectDir, file), message: `Apex does not parse: ${shortMessage(err)}` });
        continue;
      }
      if (ok) formatted += 1;
      else problems.push({ file: rel(projectDir, file), message: 'not formatted, run npm run format' });
    }
    return result(NAME, problems, `${plural(formatted, 'Apex file')} formatted`);
  });
}

async function check(projectDir) {
  return guard(NAME, async () => {
    const { stdout, stderr } = await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [__filename, path.resolve(projectDir)],
        { maxBuffer: 20 * 1024 * 1024, timeout: 5 * 60 * 1000 },
        (err, out, errOut) =>
          err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve({ stdout: out, stderr: errOut }),
      );
    });
    try {
      return JSON.parse(stdout);
    } catch {
      throw new Error(`the prettier child process printed no result: ${(stderr || stdout).slice(0, 800)}`);
    }
  });
}

if (require.main === module) {
  checkInProcess(process.argv[2] || process.cwd()).then((res) => process.stdout.write(JSON.stringify(res)));
}

module.exports = check;
module.exports.check = check;
module.exports.checkInProcess = checkInProcess;
module.exports.NAME = NAME;

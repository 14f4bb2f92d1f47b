'use strict';
// PMD through Salesforce Code Analyzer (code-analyzer-core + the PMD engine, CPD off) with the
// `pmd:Recommended` rules on force-app. Severity 1 (critical) and 2 (high) violations fail the
// check; severity 3+ are counted in the summary only. PMD needs Java 11+.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  PACKAGE_DIR,
  walk,
  rel,
  result,
  guard,
  plural,
  requireModule,
  missingJavaResult,
  useAnalysisJvmOptions,
} = require('./lib/common');

const NAME = 'pmd';
const RULE_SELECTORS = ['pmd:Recommended'];
const FAIL_AT_OR_BELOW = 2; // severity 1 = critical, 2 = high
const ENGINE_ERROR_RULES = new Set(['UninstantiableEngineError', 'UnexpectedEngineError']);

async function check(projectDir, options = {}) {
  return guard(NAME, async () => {
    const javaCommand = options.javaCommand || 'java';
    const missingJava = missingJavaResult(NAME, 'PMD', javaCommand);
    if (missingJava) return missingJava;
    const sourceDir = path.join(projectDir, PACKAGE_DIR);
    if (!fs.existsSync(sourceDir)) return result(NAME, [{ file: PACKAGE_DIR, message: 'package directory not found' }]);
    const apexFiles = walk(sourceDir).filter((f) => /\.(cls|trigger)$/.test(f));
    if (!apexFiles.length) return result(NAME, [], 'no Apex to analyze');

    const core = requireModule('@salesforce/code-analyzer-core', projectDir);
    const pmdEngine = requireModule('@salesforce/code-analyzer-pmd-engine', projectDir);
    // Code Analyzer writes logs and a working folder (kept whenever PMD reports an error) under
    // the system temp dir by default: keep both in one folder of ours and remove it afterwards.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-pmd-'));
    useAnalysisJvmOptions();
    try {
      const config = core.CodeAnalyzerConfig.fromObject({
        config_root: projectDir,
        log_folder: scratch,
        root_working_folder: scratch,
        engines: { pmd: { java_command: javaCommand }, cpd: { disable_engine: true } },
      });
      const analyzer = new core.CodeAnalyzer(config);
      const engineErrors = [];
      analyzer.onEvent(core.EventType.EngineLogEvent, (e) => {
        if (e.logLevel === core.LogLevel.Error) engineErrors.push(e.message);
      });
      await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
      const workspace = await analyzer.createWorkspace([sourceDir]);
      const rules = await analyzer.selectRules(RULE_SELECTORS, { workspace });
      if (rules.getCount() === 0) throw new Error(`no PMD rules selected for ${RULE_SELECTORS.join(', ')}`);
      const results = await analyzer.run(rules, { workspace });

      const problems = [];
      const notFailing = [];
      const lowerCounts = new Map();
      for (const v of results.getViolations()) {
        const rule = v.getRule();
        if (ENGINE_ERROR_RULES.has(rule.getName())) throw new Error(v.getMessage());
        const severity = rule.getSeverityLevel();
        const loc = v.getPrimaryLocation();
        if (severity <= FAIL_AT_OR_BELOW) {
          problems.push({
            file: loc.getFile() ? rel(projectDir, loc.getFile()) : PACKAGE_DIR,
            line: loc.getStartLine(),
            message: `${rule.getName()} (severity ${severity}): ${v.getMessage()}`,
            rule: rule.getName(),
            severity,
          });
        } else {
          lowerCounts.set(severity, (lowerCounts.get(severity) || 0) + 1);
          notFailing.push({
            file: loc.getFile() ? rel(projectDir, loc.getFile()) : PACKAGE_DIR,
            line: loc.getStartLine(),
            rule: rule.getName(),
            severity,
          });
        }
      }
      // A file PMD cannot parse is not analyzed at all: that must not pass quietly.
      for (const message of engineErrors) {
        const file = apexFiles.find((f) => message.includes(f));
        const firstLines = message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ');
        problems.push({
          file: file ? rel(projectDir, file) : '(pmd)',
          message: `PMD could not analyze: ${firstLines}`,
        });
      }
      const note = [...lowerCounts]
        .sort(([a], [b]) => a - b)
        .map(([sev, n]) => `${n} of severity ${sev}`)
        .join(', ');
      return {
        ...result(
          NAME,
          problems,
          `no severity 1-2 violations in ${plural(apexFiles.length, 'Apex file')}`,
          note ? `not failing: ${note}` : '',
        ),
        // Severity 3+ findings, each with its place (counted in the summary, never failing).
        notFailing,
      };
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}

module.exports = check;
module.exports.check = check;
module.exports.NAME = NAME;

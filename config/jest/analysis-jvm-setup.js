// Jest global setup of the package-check tests: the analysis JVM options (scripts/package-checks/lib/common.js) in
// the environment of the jest process, which its workers and the JVMs they start inherit. A check sets them itself,
// but inside a test file that only changes jest's copy of the environment, which child processes never see.
const { useAnalysisJvmOptions } = require('../../scripts/package-checks/lib/common');

module.exports = async function analysisJvmOptions() {
  useAnalysisJvmOptions();
};

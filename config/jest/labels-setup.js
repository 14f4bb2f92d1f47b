// Jest global setup: one module per Custom Label (force-app/main/default/labels), exporting its value, so LWC tests
// import `@salesforce/label/c.X` as the org would and assert the real words (jest.config.js maps the imports here).
// Written to config/jest/labels/ (git-ignored) at the start of every run, so it cannot drift from the labels file.
const fs = require('node:fs');
const path = require('node:path');
const { readCustomLabels } = require('../../scripts/custom-labels.cjs');

const OUT = path.join(__dirname, 'labels');

module.exports = async function generateLabelMocks() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, value] of Object.entries(readCustomLabels())) {
    const file = path.join(OUT, `${name}.js`);
    // LWC's jest transform reads `require(label).default`.
    const text = `module.exports = { __esModule: true, default: ${JSON.stringify(value)} };\n`;
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
};

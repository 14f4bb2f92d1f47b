// Jest global setup: one module per Custom Label (force-app/main/default/labels), exporting its value, so LWC tests
// import `@salesforce/label/c.X` as the org would and assert the real words (jest.config.js maps the imports here).
// Written to config/jest/labels/ (git-ignored) at the start of every run, so it cannot drift from the labels file.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const LABELS_FILE = path.join(ROOT, 'force-app/main/default/labels/CustomLabels.labels-meta.xml');
const OUT = path.join(__dirname, 'labels');

const unescape = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

module.exports = async function generateLabelMocks() {
  const xml = fs.readFileSync(LABELS_FILE, 'utf8');
  fs.mkdirSync(OUT, { recursive: true });
  for (const block of xml.match(/<labels>[\s\S]*?<\/labels>/g) || []) {
    const name = /<fullName>([^<]+)<\/fullName>/.exec(block)[1];
    const value = unescape(/<value>([\s\S]*?)<\/value>/.exec(block)[1]);
    const file = path.join(OUT, `${name}.js`);
    // LWC's jest transform reads `require(label).default`.
    const text = `module.exports = { __esModule: true, default: ${JSON.stringify(value)} };\n`;
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
};

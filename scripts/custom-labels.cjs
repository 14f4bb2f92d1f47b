// The package's Custom Labels (force-app/main/default/labels) as { name: value }: read by the LWC jest setup
// (config/jest/labels-setup.js) and by the Rox Setup tab preview (scripts/preview), so both show the real words.
const fs = require("node:fs");
const path = require("node:path");

const LABELS_FILE = path.resolve(__dirname, "..", "force-app/main/default/labels/CustomLabels.labels-meta.xml");

const unescape = (s) =>
    s
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");

/** @returns {Record<string, string>} */
function readCustomLabels(file = LABELS_FILE) {
    const xml = fs.readFileSync(file, "utf8");
    const labels = {};
    for (const block of xml.match(/<labels>[\s\S]*?<\/labels>/g) || []) {
        labels[/<fullName>([^<]+)<\/fullName>/.exec(block)[1]] = unescape(/<value>([\s\S]*?)<\/value>/.exec(block)[1]);
    }
    return labels;
}

module.exports = { LABELS_FILE, readCustomLabels };

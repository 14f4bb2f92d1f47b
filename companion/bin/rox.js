#!/usr/bin/env node
// The `rox` CLI: compiled JavaScript (built on first use and whenever a source changed).
require(require('../../scripts/build.js').freshBundle('cli')).runBin();

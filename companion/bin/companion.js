#!/usr/bin/env node
// The companion service (`npm start`): compiled JavaScript (built on first use and whenever a source changed).
require(require('../../scripts/build.js').freshBundle('service')).start();

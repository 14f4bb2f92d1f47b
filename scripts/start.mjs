#!/usr/bin/env node
// `npm start`: the newcomer's main job. The companion service is not built yet (issue 4 makes this
// start it against the local org); until then this says what exists now and what it will do.
import { existsSync } from 'node:fs';

const hasLocalOrg = existsSync(new URL('../companion/local-org/src/cli.ts', import.meta.url));
const lines = [
  'Rox for Salesforce',
  '',
  'What is here now:',
  '  force-app/  the RoxAI managed package: ID Mapping object, RoxActivityId on Task and Event,',
  '              the Rox Integration User Access and Rox Setup Admin permission sets, and the',
  '              Rox Setup tab that checks the integration user (deploy it with `sf`, see README).',
  hasLocalOrg
    ? '  companion/local-org/  a local Salesforce org (REST, OAuth) for tests: `npm run org` starts it.'
    : null,
  '',
  'What `npm start` will do once the companion service lands:',
  '  start the companion; with no Salesforce org configured it starts the local org with sample',
  '  data, connects to it, and prints how to connect a real org and a curl command to try.',
  '',
  'Run every test: npm test',
].filter((l) => l !== null);
console.log(lines.join('\n'));

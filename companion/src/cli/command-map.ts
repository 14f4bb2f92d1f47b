/**
 * Every command, by id (oclif's explicit discovery). `rox connections list` here is
 * `sf rox connections list` once the package is linked into the Salesforce CLI.
 */
import type { Command } from '@oclif/core';
import ConnectionsAdd from './commands/connections-add.js';
import ConnectionsList from './commands/connections-list.js';
import ConnectionsRemove from './commands/connections-remove.js';
import Console from './commands/console.js';
import Doctor from './commands/doctor.js';
import Erase from './commands/erase.js';
import KeysCreate from './commands/keys-create.js';
import KeysList from './commands/keys-list.js';
import KeysRevoke from './commands/keys-revoke.js';
import MappingsGet from './commands/mappings-get.js';
import MappingsSet from './commands/mappings-set.js';
import MappingsValidate from './commands/mappings-validate.js';
import Start from './commands/start.js';
import Status from './commands/status.js';
import Sync from './commands/sync.js';

export const COMMANDS: Record<string, Command.Class> = {
  'connections:list': ConnectionsList,
  'connections:add': ConnectionsAdd,
  'connections:remove': ConnectionsRemove,
  'keys:create': KeysCreate,
  'keys:list': KeysList,
  'keys:revoke': KeysRevoke,
  status: Status,
  doctor: Doctor,
  sync: Sync,
  'mappings:get': MappingsGet,
  'mappings:set': MappingsSet,
  'mappings:validate': MappingsValidate,
  erase: Erase,
  console: Console,
  start: Start,
};

/** The same commands under the `rox` topic, for the Salesforce CLI (package.json `oclif`). */
export const SF_COMMANDS: Record<string, Command.Class> = Object.fromEntries(
  Object.entries(COMMANDS)
    .filter(([id]) => id !== 'start')
    .map(([id, c]) => [`rox:${id}`, c]),
);

export const TOPICS = {
  connections: { description: 'Connect, list and disconnect Salesforce orgs' },
  keys: { description: 'API keys of the companion' },
  mappings: { description: 'CRM Mappings: which Salesforce fields Rox reads and writes' },
};

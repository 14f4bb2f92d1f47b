/** The checkout's root: where relative paths in the configuration and the bundled data files are taken from. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder up from `from` with sfdx-project.json (the CLI and service also run bundled elsewhere). */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../../..');
  }
}

/** A configured path: absolute as given, relative from the checkout's root. */
export function fromProjectRoot(path: string): string {
  return resolve(projectRoot(), path);
}

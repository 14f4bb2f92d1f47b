/**
 * The admin console's files (built into CONSOLE_DIR): `/console` → `/console/`, `/console/` →
 * index.html, `/console/<path>` → that file. Public: the page signs in through /console/session.
 * A path that is not plainly a file inside the directory (`..`, dot files, encoded slashes, a link
 * leading out) is not found; with no index.html the console is not built, and the page says how to build it.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../core/app-error.js';
import { consoleNotBuiltPage } from './console-pages.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The path's segments under the directory, decoded; undefined when it is not a plain relative file path. */
function segments(rel: string): string[] | undefined {
  const parts: string[] = [];
  for (const raw of rel.split('/')) {
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!part || part.startsWith('.') || /[/\\\u0000]/.test(part)) return undefined;
    parts.push(part);
  }
  return parts;
}

/** The real path of a regular file inside root, or undefined. */
async function fileInside(root: string, parts: string[]): Promise<string | undefined> {
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, ...parts));
    if (!file.startsWith(realRoot + sep)) return undefined;
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export function consoleStatic(dir: string) {
  const root = resolve(dir);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !(req.path === '/console' || req.path.startsWith('/console/')))
      return next();
    if (req.path === '/console') return res.redirect(302, '/console/');
    try {
      const index = await fileInside(root, ['index.html']);
      if (!index) {
        res.status(503).type('html').send(consoleNotBuiltPage());
        return;
      }
      const rel = req.path.slice('/console/'.length);
      const parts = rel === '' ? ['index.html'] : segments(rel);
      const file = parts && (await fileInside(root, parts));
      if (!file) throw new AppError('NOT_FOUND', `The console has no file ${JSON.stringify(rel).slice(0, 120)}`);
      const isIndex = file === index;
      res.set({
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        // The page is always fetched afresh (it names the current scripts); the rest is revalidated.
        'Cache-Control': isIndex ? 'no-store' : 'no-cache',
      });
      res.status(200).send(await readFile(file));
    } catch (e) {
      next(e);
    }
  };
}

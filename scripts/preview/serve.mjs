// `npm run preview`: builds the Rox Setup tab preview when the project changed, serves it on loopback and prints
// the address of every state.
//
//   npm run preview                  http://127.0.0.1:4173/ (or the next free port)
//   npm run preview -- --port 5000   a port of your choice (fails if it is taken)
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildPreview, DEFAULT_OUT_DIR, sldsAssetsDir } from './build.mjs';

export const DEFAULT_PORT = 4173;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The file a request path names under `root`, or undefined when it is outside it or missing. */
function fileUnder(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

/**
 * Serves a built preview: the build at /, the SLDS assets at /assets (the stylesheet and the icon sprites the base
 * components ask for there). Only GET and HEAD; nothing outside those two folders.
 * @param {{ dir?: string, port?: number, host?: string, strictPort?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function startPreviewServer({ dir = DEFAULT_OUT_DIR, port = 0, host = '127.0.0.1', strictPort = true } = {}) {
  const roots = { '/assets/': resolve(sldsAssetsDir()), '/': resolve(dir) };
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Only GET and HEAD.\n');
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://preview').pathname;
    const [prefix, root] = Object.entries(roots).find(([p]) => urlPath.startsWith(p));
    const file = fileUnder(root, urlPath === '/' ? 'index.html' : urlPath.slice(prefix.length));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${urlPath}\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'max-age=300',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolveStart, reject) => {
    const listen = (p) => {
      server.once('error', (error) => {
        if (error.code === 'EADDRINUSE' && !strictPort) listen(p + 1);
        else reject(error);
      });
      server.listen(p, host, () => {
        const actual = server.address().port;
        resolveStart({
          url: `http://${host}:${actual}/`,
          port: actual,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    };
    listen(port);
  });
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('npm run preview [-- --port N]: builds the Rox Setup tab preview and serves it on 127.0.0.1.');
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    process.exit(2);
  }
  await buildPreview({ log: (line) => console.log(line) });
  let server;
  try {
    server = await startPreviewServer({ port, strictPort: values.port !== undefined });
  } catch (error) {
    console.error(
      error.code === 'EADDRINUSE' ? `Port ${port} is in use: choose another with --port.` : String(error.message),
    );
    process.exit(1);
  }
  const { STATES } = await import('./src/states.js');
  console.log(`\nThe Rox Setup tab preview: ${server.url}`);
  console.log('Every state (the switcher at the top of the page chooses them too):');
  for (const [name, { label }] of Object.entries(STATES))
    console.log(`  ${label.padEnd(44)} ${server.url}?state=${name}`);
  console.log('\nStop with Ctrl+C.');
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

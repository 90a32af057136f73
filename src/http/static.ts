import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { maxPathIdLength, uriTooLong } from './problem.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  immutable: boolean;
}

/**
 * Where the built admin center is: BILLING_CENTER_WEB_DIR, else web/dist of the checkout this
 * file belongs to (from src/http, or from dist/src/http once compiled), else ./web/dist.
 */
export function findWebDist(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    env.BILLING_CENTER_WEB_DIR,
    path.resolve(here, '../../web/dist'),
    path.resolve(here, '../../../web/dist'),
    path.resolve('web/dist'),
  ].filter((c): c is string => !!c);
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

const loaded = new Map<string, { stamp: number; files: Map<string, StaticFile> }>();

/** Read once per build (servers in one process, such as the tests', share it). */
function loadFiles(root: string): Map<string, StaticFile> {
  const stamp = fs.statSync(path.join(root, 'index.html')).mtimeMs;
  const cached = loaded.get(root);
  if (cached && cached.stamp === stamp) return cached.files;
  const files = readFiles(root);
  loaded.set(root, { stamp, files });
  return files;
}

function readFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const body = fs.readFileSync(full);
        const ext = path.extname(entry.name).toLowerCase();
        const type = contentTypes[ext] ?? 'application/octet-stream';
        const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
        const urlPath = `/${path.relative(root, full).split(path.sep).join('/')}`;
        files.set(urlPath, {
          body,
          gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
          type,
          // Vite names every asset after its content hash: safe to cache forever.
          immutable: urlPath.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  reply.header('content-type', file.type);
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('x-content-type-options', 'nosniff');
  if (file.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    return reply.send(file.gzip);
  }
  return reply.send(file.body);
}

/**
 * Serves the admin center (web/dist, built by `npm run build:web`) at `/`, with the SPA
 * fallback: any GET outside /api that is not a file answers index.html, so deep links such as
 * /billing/products/sub_… work on reload. Register it after the API routes. Does nothing when
 * there is no build, so the API (and its tests) never depend on one.
 *
 * @example
 * await registerWebApp(app); // after app.register(routes, { prefix: '/api' })
 */
export async function registerWebApp(app: FastifyInstance, root = findWebDist()): Promise<boolean> {
  if (!root) return false;
  const files = loadFiles(root);
  const index = files.get('/index.html');
  if (!index) return false;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0] ?? '/';
    // An over-long API id lands here (this catch-all wins over the router's 414): say it.
    if (url.startsWith('/api/') && url.split('/').some((part) => part.length > maxPathIdLength))
      throw uriTooLong();
    if (url === '/api' || url.startsWith('/api/')) return reply.callNotFound();
    let pathname: string;
    try {
      pathname = decodeURIComponent(url);
    } catch {
      return reply.callNotFound();
    }
    const file = files.get(pathname);
    if (file) return send(request, reply, file);
    // A missing hashed asset is a real 404 (an old tab after a deploy), not the app.
    if (pathname.startsWith('/assets/') || path.extname(pathname)) return reply.callNotFound();
    return send(request, reply, index);
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
  return true;
}

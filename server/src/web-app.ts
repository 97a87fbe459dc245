import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './app.ts';
import { portalSlugForHost } from './domains/portal/organization-by-slug.ts';

/** Where `npm run build -w web` puts the browser app. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

// Paths the browser app never owns: unknown ones there stay JSON 404s instead of becoming the HTML page.
const SERVER_PREFIXES = ['/api/', '/health', '/ready'];

/**
 * Serves the built web app from web/dist when it exists: hashed assets cached for a year, any other GET
 * (/, /tickets/…, /portal/…, /admin/…) answered with index.html so the browser's router takes over.
 * Without a build (API-only development, tests) nothing is mounted.
 */
export async function registerWebApp(app: App, root = WEB_DIST): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) return;
  // Top-level files (favicon…) are listed once; everything else under / is the app's own route.
  const topLevelFiles = new Set(
    readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'index.html')
      .map((entry) => entry.name),
  );
  await app.register(fastifyStatic, { root, serve: false });
  const open = { config: { public: true }, schema: { hide: true } };

  app.get('/assets/*', open, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.sendFile(`assets/${file}`, { immutable: true, maxAge: '365d' });
  });
  app.get('/*', open, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (SERVER_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return reply.callNotFound();
    if (pathname === '/') {
      const slug = await portalSlugForHost(app.db, request.hostname);
      if (slug) return reply.redirect(`/portal/${slug}`);
    }
    const file = pathname.slice(1);
    if (topLevelFiles.has(file)) return reply.sendFile(file, { maxAge: '1h' });
    // The page itself is never cached, so a new deployment's asset names are picked up at once.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { notFound } from '../../lib/errors.ts';
import { publicErrorResponses } from '../../lib/http-schemas.ts';
import { PortalOrganizationSchema, PortalSlug } from './portal.schemas.ts';
import { findPortalLogo, getPortalOrganization } from './portal-organization.ts';

const SlugParams = Type.Object({ slug: PortalSlug });
// Public and cheap, but each costs a database read: a generous allowance per client address.
const publicRoute = { public: true, rateLimit: { max: 300, timeWindow: '1 minute' } };

/** What the portal shows before sign-in: the organization's name, branding and forms, and its logo. */
export async function portalOrganizationsRoutes(app: App): Promise<void> {
  app.get(
    '/portal/organizations/:slug',
    {
      config: publicRoute,
      schema: {
        tags: ['portal'],
        summary: "An organization's portal branding and the forms it offers (public)",
        security: [],
        params: SlugParams,
        response: { 200: PortalOrganizationSchema, ...publicErrorResponses(400, 404, 429) },
      },
    },
    async (request) => getPortalOrganization(app.db, request.params.slug),
  );

  app.get(
    '/portal/organizations/:slug/logo',
    {
      config: publicRoute,
      schema: {
        tags: ['portal'],
        summary: "An organization's portal logo (public)",
        security: [],
        params: SlugParams,
        response: {
          200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'PNG, JPEG or WebP' }),
          304: Type.Null({ description: 'Not modified' }),
          ...publicErrorResponses(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const logo = await findPortalLogo(app.db, request.params.slug);
      // The object's name changes with each upload, so it identifies the bytes.
      const etag = `"${logo.storageKey.split('/').at(-1)}"`;
      // Public: the logo is shown before sign-in. Its address carries the version (logoUrl), so an
      // hour of caching only delays a change for someone using the bare address.
      const caching = { 'cache-control': 'public, max-age=3600', etag };
      if (request.headers['if-none-match'] === etag) return reply.status(304).headers(caching).send();
      const content = await app.storage.get(logo.storageKey);
      if (!content) {
        request.log.error({ storageKey: logo.storageKey }, 'organization logo without stored content');
        throw notFound('Logo');
      }
      return reply
        .status(200)
        .headers({
          ...caching,
          'content-type': logo.contentType,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'content-disposition': 'inline',
        })
        .send(content);
    },
  );
}

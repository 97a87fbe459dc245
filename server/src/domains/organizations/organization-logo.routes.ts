import multipart from '@fastify/multipart';
import type { App } from '../../app.ts';
import { errorResponses, NoContent } from '../../lib/http-schemas.ts';
import { openFile } from '../attachments/attachments.routes.ts';
import { UploadBody } from '../attachments/attachments.schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { OrganizationSchema } from './organizations.schemas.ts';
import { removeOrganizationLogo } from './remove-organization-logo.ts';
import { setOrganizationLogo } from './set-organization-logo.ts';

/** The portal's logo, set by admins; the public portal route serves it (portal-organizations.routes.ts). */
export async function organizationLogoRoutes(app: App): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024, parts: 11 } });

  app.put(
    '/organization/logo',
    {
      schema: {
        tags: ['organizations'],
        summary: "Upload the portal's logo (admins): PNG, JPEG or WebP up to 512 KB (multipart, part `file`)",
        description: 'The type is sniffed from the content: anything else is 422; a larger file is 413.',
        body: UploadBody,
        response: { 200: OrganizationSchema, ...errorResponses(400, 413, 422) },
      },
    },
    async (request, reply) => {
      try {
        return await setOrganizationLogo(app.db, app.storage, {
          actor: actorOf(request),
          openFile: (maxBytes) => openFile(request, maxBytes),
        });
      } catch (error) {
        // Refused before the client finished sending: close rather than read the rest.
        if (!request.raw.complete) reply.header('connection', 'close');
        throw error;
      }
    },
  );

  app.delete(
    '/organization/logo',
    {
      schema: {
        tags: ['organizations'],
        summary: "Remove the portal's logo (admins)",
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      await removeOrganizationLogo(app.db, app.storage, { actor: actorOf(request) });
      return reply.status(204).send(null);
    },
  );
}

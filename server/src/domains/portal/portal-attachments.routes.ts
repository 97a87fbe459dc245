import multipart from '@fastify/multipart';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams } from '../../lib/http-schemas.ts';
import { receiveUpload } from '../attachments/attachments.routes.ts';
import {
  AttachmentContent,
  AttachmentSummarySchema,
  UploadBody,
} from '../attachments/attachments.schemas.ts';
import { findDownloadableAttachment } from '../attachments/find-downloadable-attachment.ts';
import { sendAttachment } from '../attachments/send-attachment.ts';
import { contactOf } from '../auth/authenticate.ts';
import { getContactTicket } from './contact-tickets.ts';

const portal = { audience: 'contact' } as const;
const security = [{ portalSessionCookie: [] }];

/** Customers attach files to their own requests and download the files of public comments. */
export async function portalAttachmentsRoutes(app: App): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024, parts: 11 } });

  app.post(
    '/portal/tickets/:id/attachments',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Upload a file to one of my requests, to send with a reply (multipart, part `file`)',
        security,
        params: IdParams,
        body: UploadBody,
        response: { 201: AttachmentSummarySchema, ...errorResponses(400, 404, 413) },
      },
    },
    async (request, reply) => {
      const contact = contactOf(request);
      const { organizationId, contactId } = contact;
      const ticketId = request.params.id;
      await withTenant(app.db, organizationId, (tx) => getContactTicket(tx, contact, ticketId));
      const uploader = { type: 'contact', id: contactId } as const;
      const attachment = await receiveUpload(request, reply, { organizationId, ticketId, uploader });
      return reply.status(201).send(attachment);
    },
  );

  app.post(
    '/portal/uploads',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary:
          'Upload a file before the request exists, to send with an intake form (multipart, part `file`)',
        description:
          'The upload has no ticket (`ticketId: null`) until a submission (or a reply) sends it; only its uploader can.',
        security,
        body: UploadBody,
        response: { 201: AttachmentSummarySchema, ...errorResponses(400, 413) },
      },
    },
    async (request, reply) => {
      const { organizationId, contactId } = contactOf(request);
      const uploader = { type: 'contact', id: contactId } as const;
      const attachment = await receiveUpload(request, reply, { organizationId, ticketId: null, uploader });
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/portal/attachments/:id',
    {
      config: portal,
      schema: {
        tags: ['portal'],
        summary: 'Download a file of a public comment on one of my requests',
        security,
        params: IdParams,
        response: { 200: AttachmentContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { organizationId, contactId } = contactOf(request);
      const attachment = await withTenant(app.db, organizationId, (tx) =>
        findDownloadableAttachment(tx, {
          organizationId,
          attachmentId: request.params.id,
          viewer: { kind: 'contact', contactId },
        }),
      );
      return sendAttachment(reply, app.storage, attachment);
    },
  );
}

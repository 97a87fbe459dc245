import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, IdParams } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import {
  AttachmentContent,
  type AttachmentSummary,
  AttachmentSummarySchema,
  UploadBody,
  type Uploader,
} from './attachments.schemas.ts';
import { findDownloadableAttachment } from './find-downloadable-attachment.ts';
import { sendAttachment } from './send-attachment.ts';
import { type IncomingFile, uploadAttachment } from './upload-attachment.ts';

export async function attachmentsRoutes(app: App): Promise<void> {
  // Only this plugin's routes parse multipart bodies, and they stream them (see openFile).
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024, parts: 11 } });

  app.post(
    '/tickets/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Upload a file to a ticket, to send with a comment (multipart/form-data, part `file`)',
        description:
          'The file streams to storage; its type is sniffed from the content. Over the size limit or the quota: 413, nothing kept.',
        params: IdParams,
        body: UploadBody,
        response: { 201: AttachmentSummarySchema, ...errorResponses(400, 404, 413) },
      },
    },
    async (request, reply) => {
      const { organizationId, agentId } = actorOf(request);
      const uploader = { type: 'agent', id: agentId } as const;
      const attachment = await receiveUpload(request, reply, {
        organizationId,
        ticketId: request.params.id,
        uploader,
      });
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Download an attachment',
        params: IdParams,
        response: { 200: AttachmentContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { organizationId } = actorOf(request);
      const attachment = await withTenant(app.db, organizationId, (tx) =>
        findDownloadableAttachment(tx, {
          organizationId,
          attachmentId: request.params.id,
          viewer: { kind: 'agent' },
        }),
      );
      return sendAttachment(reply, app.storage, attachment);
    },
  );
}

/**
 * Streams the request's file into the ticket's uploads (agents' and customers' routes alike). When
 * it is refused before the client finished sending, the connection closes rather than read the rest.
 */
export async function receiveUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  target: { organizationId: string; ticketId: string | null; uploader: Uploader },
): Promise<AttachmentSummary> {
  const { config, db, storage } = request.server;
  try {
    return await uploadAttachment(db, storage, {
      ...target,
      instanceLimits: { maxBytes: config.attachmentMaxBytes, quotaBytes: config.attachmentQuotaBytes },
      openFile: (maxBytes) => openFile(request, maxBytes),
    });
  } catch (error) {
    if (!request.raw.complete) reply.header('connection', 'close');
    throw error;
  }
}

/**
 * The request's file part as a stream, its parser limited to one byte past what may be kept. Routes
 * that upload register @fastify/multipart in their own plugin, as above (the organization's logo too).
 */
export async function openFile(request: FastifyRequest, maxBytes: number): Promise<IncomingFile> {
  const missing = () =>
    new AppError('validation_failed', 'Send the file as multipart/form-data in a part named file', {
      field: 'file',
    });
  if (!request.isMultipart()) throw missing();
  // One byte over the limit reaches the meter, which then refuses the file with the right error.
  const part = await request.file({ limits: { fileSize: maxBytes + 1 } });
  if (!part) throw missing();
  if (part.fieldname !== 'file') {
    part.file.destroy();
    throw missing();
  }
  return { filename: part.filename, stream: part.file };
}

import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import {
  InboundEmailSchema,
  InboundEmailSummarySchema,
  ListInboundEmailsQuery,
} from './inbound-emails.schemas.ts';
import { listInboundEmails, rawInboundEmail, showInboundEmail } from './read-inbound-emails.ts';
import { deleteInboundEmail, releaseInboundEmail } from './release-inbound-email.ts';

/** Agents' access to stored messages: the whole original of an email comment, and the quarantine. */
export async function inboundEmailsRoutes(app: App): Promise<void> {
  app.get(
    '/inbound-emails',
    {
      schema: {
        tags: ['email'],
        summary: 'List received messages, newest first (admins); state=quarantined is the quarantine',
        querystring: ListInboundEmailsQuery,
        response: { 200: Page(InboundEmailSummarySchema), ...errorResponses(400) },
      },
    },
    async (request) => listInboundEmails(app.db, { actor: actorOf(request), ...request.query }),
  );

  app.get(
    '/inbound-emails/:id',
    {
      schema: {
        tags: ['email'],
        summary: 'One received message: full text and HTML, the new part, sender verification, outcome',
        params: IdParams,
        response: { 200: InboundEmailSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => showInboundEmail(app, { actor: actorOf(request), id: request.params.id }),
  );

  app.get(
    '/inbound-emails/:id/raw',
    {
      schema: {
        tags: ['email'],
        summary: 'Download the message exactly as received (message/rfc822)',
        params: IdParams,
        response: {
          200: Type.Unsafe<unknown>({
            type: 'string',
            format: 'binary',
            description: 'The raw RFC 822 message',
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const raw = await rawInboundEmail(app, { actor: actorOf(request), id: request.params.id });
      // A download, never rendered: a message can carry HTML and scripts written by anyone.
      return reply
        .headers({
          'content-type': 'message/rfc822',
          'content-disposition': `attachment; filename="${raw.id}.eml"`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        })
        .send(raw.bytes);
    },
  );

  app.post(
    '/inbound-emails/:id/release',
    {
      schema: {
        tags: ['email'],
        summary: 'Release a quarantined message: it is processed normally, without the DMARC hold',
        params: IdParams,
        response: { 202: NoContent, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await releaseInboundEmail(app, { actor: actorOf(request), id: request.params.id });
      return reply.status(202).send(null);
    },
  );

  app.delete(
    '/inbound-emails/:id',
    {
      schema: {
        tags: ['email'],
        summary: 'Delete a message that made no ticket or comment (quarantined, failed, ignored, duplicate)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteInboundEmail(app, { actor: actorOf(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );
}

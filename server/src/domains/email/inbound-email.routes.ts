import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, publicErrorResponses, Uuid } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { acceptInboundEmail, findSupportAddress } from './accept-inbound-email.ts';
import { organizationOfInboundSecret, rotateInboundSecret } from './inbound-secret.ts';

const RAW_MESSAGE_TYPES = ['message/rfc822', 'application/octet-stream'];

export async function inboundEmailRoutes(app: App): Promise<void> {
  // A raw message is bytes, not JSON: kept as a Buffer, exactly as sent.
  app.addContentTypeParser(
    RAW_MESSAGE_TYPES,
    { parseAs: 'buffer', bodyLimit: app.config.emailMaxBytes },
    (_r, body, done) => done(null, body),
  );

  app.post(
    '/email/inbound-secret',
    {
      schema: {
        tags: ['email'],
        summary: 'Create the secret for the HTTP email intake (admins); the previous one stops working',
        response: { 201: Type.Object({ secret: Type.String() }), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const secret = await rotateInboundSecret(app.db, actorOf(request));
      reply.status(201);
      return { secret };
    },
  );

  app.post(
    '/inbound-email',
    {
      config: { public: true },
      bodyLimit: app.config.emailMaxBytes,
      schema: {
        tags: ['email'],
        summary: "Hand over one raw RFC 822 message (a provider's inbound webhook)",
        description:
          'Authorization: Bearer <the secret from POST /email/inbound-secret>. Body: the message as ' +
          'message/rfc822. 202 once the message is stored; processing follows in the background.',
        security: [{ inboundSecret: [] }],
        consumes: RAW_MESSAGE_TYPES,
        body: Type.Unknown({ description: 'The raw RFC 822 message, byte for byte' }),
        querystring: Type.Object(
          {
            recipient: Type.Optional(
              Type.String({ maxLength: 320, description: 'The address it was sent to' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ id: Uuid, duplicate: Type.Boolean() }),
          ...publicErrorResponses(400, 401, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const organizationId = bearer ? await organizationOfInboundSecret(app.db, bearer) : null;
      if (!organizationId) throw new AppError('unauthenticated', 'A valid intake secret is required');
      const raw = request.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0)
        throw new AppError('validation_failed', 'Send the raw message as message/rfc822', { field: 'body' });
      const recipient = request.query.recipient ?? null;
      const address = recipient ? await findSupportAddress(app.db, recipient) : null;
      const accepted = await acceptInboundEmail(app, {
        organizationId,
        supportAddressId: address?.organizationId === organizationId ? address.supportAddressId : null,
        raw,
        envelope: {
          via: 'http',
          from: null,
          to: recipient ? [recipient] : [],
          remoteAddress: request.ip,
          helo: null,
        },
      });
      reply.status(202);
      return accepted;
    },
  );
}

import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page } from '../../lib/http-schemas.ts';
import { requireAdmin } from '../auth/actor.ts';
import { actorOf } from '../auth/authenticate.ts';
import { listImapAccountRows, toImapAccount } from './imap-account-rows.ts';
import { CreateImapAccountBody, ImapAccountSchema, UpdateImapAccountBody } from './imap-accounts.schemas.ts';
import { createImapAccount, deleteImapAccount, updateImapAccount } from './save-imap-account.ts';

/** Admins' IMAP mailboxes; the poller (imap-poller.ts) picks changes up on its next look at the table. */
export async function imapAccountsRoutes(app: App): Promise<void> {
  const deps = { db: app.db, secretKey: app.config.secretKey };

  app.get(
    '/imap-accounts',
    {
      schema: {
        tags: ['email'],
        summary: 'List the IMAP mailboxes polled for support addresses (admins); passwords are never shown',
        response: { 200: Page(ImapAccountSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireAdmin(actor);
      const rows = await listImapAccountRows(app.db, actor.organizationId);
      return { items: rows.map(toImapAccount), nextCursor: null };
    },
  );

  app.post(
    '/imap-accounts',
    {
      schema: {
        tags: ['email'],
        summary: 'Poll an IMAP mailbox for a support address (admins); the connection is tested first',
        body: CreateImapAccountBody,
        response: { 201: ImapAccountSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const created = await createImapAccount(deps, { actor: actorOf(request), account: request.body });
      reply.status(201);
      return created;
    },
  );

  app.patch(
    '/imap-accounts/:id',
    {
      schema: {
        tags: ['email'],
        summary:
          'Change an IMAP account (admins); omit the password to keep it. Tested again unless disabled',
        params: IdParams,
        body: UpdateImapAccountBody,
        response: { 200: ImapAccountSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      updateImapAccount(deps, { actor: actorOf(request), id: request.params.id, changes: request.body }),
  );

  app.delete(
    '/imap-accounts/:id',
    {
      schema: {
        tags: ['email'],
        summary: 'Stop polling an IMAP mailbox (admins); messages already imported stay',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteImapAccount(app.db, { actor: actorOf(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );
}

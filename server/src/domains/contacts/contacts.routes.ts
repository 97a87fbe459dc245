import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { getContact } from './contact-rows.ts';
import { ContactSchema, CreateContactBody, UpdateContactBody } from './contacts.schemas.ts';
import { createContact } from './create-contact.ts';
import { deleteContact } from './delete-contact.ts';
import { listContacts } from './list-contacts.ts';
import { updateContact } from './update-contact.ts';

export async function contactsRoutes(app: App): Promise<void> {
  app.get(
    '/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'List contacts (customers)',
        querystring: Type.Object(
          {
            ...PageQuery,
            q: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'Matches email, name, company' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ContactSchema), ...errorResponses(400) },
      },
    },
    async (request) =>
      listContacts(app.db, { organizationId: actorOf(request).organizationId, ...request.query }),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact',
        body: CreateContactBody,
        response: { 201: ContactSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const contact = await createContact(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return contact;
    },
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'One contact',
        params: IdParams,
        response: { 200: ContactSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getContact(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Change a contact',
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: ContactSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      updateContact(app.db, {
        actor: actorOf(request),
        jobs: app.jobs,
        contactId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact without tickets (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteContact(app.db, { actor: actorOf(request), contactId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}

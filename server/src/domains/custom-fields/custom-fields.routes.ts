import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { archiveTicketField } from './archive-ticket-field.ts';
import { createTicketField } from './create-ticket-field.ts';
import {
  CreateTicketFieldBody,
  ListTicketFieldsQuery,
  TicketFieldSchema,
  UpdateTicketFieldBody,
} from './custom-fields.schemas.ts';
import { getTicketField, listTicketFields } from './field-definition-rows.ts';
import { updateTicketField } from './update-ticket-field.ts';

// A short, bounded list (at most 100 fields in use), returned whole in display order.
const FieldList = Type.Object({ items: Type.Array(TicketFieldSchema), nextCursor: Type.Null() });

export async function customFieldsRoutes(app: App): Promise<void> {
  app.get(
    '/ticket-fields',
    {
      schema: {
        tags: ['ticket fields'],
        summary: "The organization's custom ticket fields in display order",
        querystring: ListTicketFieldsQuery,
        response: { 200: FieldList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const items = await withTenant(app.db, organizationId, (tx) =>
        listTicketFields(tx, organizationId, request.query.archived),
      );
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/ticket-fields',
    {
      schema: {
        tags: ['ticket fields'],
        summary: 'Define a custom ticket field (admins)',
        body: CreateTicketFieldBody,
        response: { 201: TicketFieldSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const field = await createTicketField(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return field;
    },
  );

  app.get(
    '/ticket-fields/:id',
    {
      schema: {
        tags: ['ticket fields'],
        summary: 'One custom ticket field',
        params: IdParams,
        response: { 200: TicketFieldSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) =>
        getTicketField(tx, organizationId, request.params.id),
      );
    },
  );

  app.patch(
    '/ticket-fields/:id',
    {
      schema: {
        tags: ['ticket fields'],
        summary: 'Relabel, reorder, change options or flags, archive or restore a field (admins)',
        description: 'Key and type never change. Removing an option that tickets hold is 409.',
        params: IdParams,
        body: UpdateTicketFieldBody,
        response: { 200: TicketFieldSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateTicketField(app.db, {
        actor: actorOf(request),
        fieldId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/ticket-fields/:id',
    {
      schema: {
        tags: ['ticket fields'],
        summary: 'Archive a field (admins): tickets keep their values, it takes no new ones',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await archiveTicketField(app.db, { actor: actorOf(request), fieldId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}

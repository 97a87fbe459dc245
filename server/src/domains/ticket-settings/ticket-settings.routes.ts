import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { listPriorities, listStatuses } from './option-rows.ts';
import { removeTicketOption } from './remove-ticket-option.ts';
import { reorderTicketOptions } from './reorder-ticket-options.ts';
import { createPriority, updatePriority } from './save-priority.ts';
import { createStatus, updateStatus } from './save-status.ts';
import { PRIORITY_LIST, STATUS_LIST } from './ticket-option-lists.ts';
import {
  CreatePriorityBody,
  CreateStatusBody,
  DeleteOptionQuery,
  PrioritySchema,
  ReorderBody,
  StatusSchema,
  UpdatePriorityBody,
  UpdateStatusBody,
} from './ticket-settings.schemas.ts';

// Statuses and priorities are short, bounded lists (at most 50), returned whole in display order.
const ListOf = <T extends typeof StatusSchema | typeof PrioritySchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Null() });
const Removed = Type.Object({
  movedTickets: Type.Integer({ description: 'Tickets moved to the replacement' }),
});

export async function ticketSettingsRoutes(app: App): Promise<void> {
  app.get(
    '/ticket-statuses',
    {
      schema: {
        tags: ['ticket settings'],
        summary: "The organization's ticket statuses in display order",
        response: { 200: ListOf(StatusSchema), ...errorResponses() },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const items = await withTenant(app.db, organizationId, (tx) => listStatuses(tx, organizationId));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/ticket-statuses',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Add a status (admins)',
        body: CreateStatusBody,
        response: { 201: StatusSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const status = await createStatus(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return status;
    },
  );

  app.patch(
    '/ticket-statuses/:id',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Rename, recolor, recategorize a status or make it the default (admins)',
        params: IdParams,
        body: UpdateStatusBody,
        response: { 200: StatusSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateStatus(app.db, {
        actor: actorOf(request),
        jobs: app.jobs,
        statusId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/ticket-statuses/:id',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Remove a status (admins); tickets using it move to `replacementId`',
        params: IdParams,
        querystring: DeleteOptionQuery,
        response: { 200: Removed, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      removeTicketOption(app.db, STATUS_LIST, {
        actor: actorOf(request),
        id: request.params.id,
        ...request.query,
      }),
  );

  app.put(
    '/ticket-statuses/order',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Set the display order of all statuses (admins)',
        body: ReorderBody,
        response: { 200: ListOf(StatusSchema), ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reorderTicketOptions(app.db, STATUS_LIST, { actor, ids: request.body.ids });
      const items = await withTenant(app.db, actor.organizationId, (tx) =>
        listStatuses(tx, actor.organizationId),
      );
      return { items, nextCursor: null };
    },
  );

  app.get(
    '/ticket-priorities',
    {
      schema: {
        tags: ['ticket settings'],
        summary: "The organization's ticket priorities in display order",
        response: { 200: ListOf(PrioritySchema), ...errorResponses() },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const items = await withTenant(app.db, organizationId, (tx) => listPriorities(tx, organizationId));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/ticket-priorities',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Add a priority (admins)',
        body: CreatePriorityBody,
        response: { 201: PrioritySchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const priority = await createPriority(app.db, { actor: actorOf(request), ...request.body });
      reply.status(201);
      return priority;
    },
  );

  app.patch(
    '/ticket-priorities/:id',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Rename, recolor, re-rank a priority or make it the default (admins)',
        params: IdParams,
        body: UpdatePriorityBody,
        response: { 200: PrioritySchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      updatePriority(app.db, {
        actor: actorOf(request),
        priorityId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/ticket-priorities/:id',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Remove a priority (admins); tickets using it move to `replacementId`',
        params: IdParams,
        querystring: DeleteOptionQuery,
        response: { 200: Removed, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      removeTicketOption(app.db, PRIORITY_LIST, {
        actor: actorOf(request),
        id: request.params.id,
        ...request.query,
      }),
  );

  app.put(
    '/ticket-priorities/order',
    {
      schema: {
        tags: ['ticket settings'],
        summary: 'Set the display order of all priorities (admins)',
        body: ReorderBody,
        response: { 200: ListOf(PrioritySchema), ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reorderTicketOptions(app.db, PRIORITY_LIST, { actor, ids: request.body.ids });
      const items = await withTenant(app.db, actor.organizationId, (tx) =>
        listPriorities(tx, actor.organizationId),
      );
      return { items, nextCursor: null };
    },
  );
}

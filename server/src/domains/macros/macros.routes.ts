import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { applyMacro } from './apply-macro.ts';
import { bulkApplyMacro } from './bulk-apply-macro.ts';
import { createMacro } from './create-macro.ts';
import { deleteMacro } from './delete-macro.ts';
import { getMacro, listMacros } from './list-macros.ts';
import {
  AppliedMacroSchema,
  ApplyMacroBody,
  BulkApplyBody,
  BulkApplyResultSchema,
  CreateMacroBody,
  MacroListQuery,
  MacroPreviewSchema,
  MacroSchema,
  TicketMacroParams,
  UpdateMacroBody,
} from './macros.schemas.ts';
import { previewMacro } from './preview-macro.ts';
import { updateMacro } from './update-macro.ts';

export async function macrosRoutes(app: App): Promise<void> {
  app.get(
    '/macros',
    {
      schema: {
        tags: ['macros'],
        summary: 'The shared macros and my own, in their order (shared first)',
        querystring: MacroListQuery,
        response: { 200: Page(MacroSchema), ...errorResponses(400) },
      },
    },
    async (request) => listMacros(app.db, { actor: actorOf(request), request: request.query }),
  );

  app.post(
    '/macros',
    {
      schema: {
        tags: ['macros'],
        summary: 'Save a macro: personal, or shared with the organization (admins)',
        body: CreateMacroBody,
        response: { 201: MacroSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const macro = await createMacro(app.db, { actor: actorOf(request), macro: request.body });
      reply.status(201);
      return macro;
    },
  );

  app.get(
    '/macros/:id',
    {
      schema: {
        tags: ['macros'],
        summary: 'One macro',
        params: IdParams,
        response: { 200: MacroSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getMacro(app.db, { actor: actorOf(request), macroId: request.params.id }),
  );

  app.patch(
    '/macros/:id',
    {
      schema: {
        tags: ['macros'],
        summary: 'Change my macro, or a shared one (admins); actions given replace the stored ones',
        params: IdParams,
        body: UpdateMacroBody,
        response: { 200: MacroSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      updateMacro(app.db, { actor: actorOf(request), macroId: request.params.id, changes: request.body }),
  );

  app.delete(
    '/macros/:id',
    {
      schema: {
        tags: ['macros'],
        summary: 'Delete my macro, or a shared one (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteMacro(app.db, { actor: actorOf(request), macroId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tickets/:id/macros/:macroId/preview',
    {
      schema: {
        tags: ['macros'],
        summary:
          'What applying the macro would change on the ticket, field by field, and its reply (changes nothing)',
        params: TicketMacroParams,
        response: { 200: MacroPreviewSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      previewMacro(app.db, {
        actor: actorOf(request),
        ticketId: request.params.id,
        macroId: request.params.macroId,
      }),
  );

  app.post(
    '/tickets/:id/macros/:macroId/apply',
    {
      schema: {
        tags: ['macros'],
        summary: 'Apply the macro to the ticket at the version read; a stale version is a 409',
        params: TicketMacroParams,
        body: ApplyMacroBody,
        response: { 200: AppliedMacroSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const applied = await applyMacro(
        { db: app.db, outbound: outboundQueueOf(app) },
        {
          actor: actorOf(request),
          ticketId: request.params.id,
          macroId: request.params.macroId,
          expectedVersion: request.body.version,
        },
      );
      reply.header('etag', `"${applied.ticket.version}"`);
      return applied;
    },
  );

  app.post(
    '/macros/:id/bulk-apply',
    {
      schema: {
        tags: ['macros'],
        summary: 'Apply the macro to up to 100 tickets, each on its own: one result per ticket',
        params: IdParams,
        body: BulkApplyBody,
        response: { 200: BulkApplyResultSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      bulkApplyMacro(
        { db: app.db, outbound: outboundQueueOf(app) },
        { actor: actorOf(request), macroId: request.params.id, tickets: request.body.tickets },
      ),
  );
}

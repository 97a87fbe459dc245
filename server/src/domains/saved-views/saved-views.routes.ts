import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { QueueTicketSchema } from '../tickets/tickets.schemas.ts';
import { createSavedView } from './create-saved-view.ts';
import { deleteSavedView } from './delete-saved-view.ts';
import { getSavedView, listSavedViews } from './list-saved-views.ts';
import { runSavedView } from './run-saved-view.ts';
import { CreateSavedViewBody, SavedViewSchema, UpdateSavedViewBody } from './saved-views.schemas.ts';
import { updateSavedView } from './update-saved-view.ts';

export async function savedViewsRoutes(app: App): Promise<void> {
  app.get(
    '/saved-views',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'The shared views and my own, each with its count of matching tickets',
        response: { 200: Type.Object({ items: Type.Array(SavedViewSchema) }), ...errorResponses() },
      },
    },
    async (request) => listSavedViews(app.db, { actor: actorOf(request) }),
  );

  app.post(
    '/saved-views',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Save a queue: personal, or shared with the organization (admins)',
        body: CreateSavedViewBody,
        response: { 201: SavedViewSchema, ...errorResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const view = await createSavedView(app.db, { actor: actorOf(request), view: request.body });
      reply.status(201);
      return view;
    },
  );

  app.get(
    '/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'One view with its count',
        params: IdParams,
        response: { 200: SavedViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getSavedView(app.db, { actor: actorOf(request), viewId: request.params.id }),
  );

  app.patch(
    '/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Change my view, or a shared one (admins)',
        params: IdParams,
        body: UpdateSavedViewBody,
        response: { 200: SavedViewSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) =>
      updateSavedView(app.db, { actor: actorOf(request), viewId: request.params.id, changes: request.body }),
  );

  app.delete(
    '/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Delete my view, or a shared one (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteSavedView(app.db, { actor: actorOf(request), viewId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/saved-views/:id/tickets',
    {
      schema: {
        tags: ['saved-views'],
        summary: "The view's tickets, in its sort, paged like GET /tickets",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(QueueTicketSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      runSavedView(app.db, { actor: actorOf(request), viewId: request.params.id, page: request.query }),
  );
}

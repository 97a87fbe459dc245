import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import {
  CannedResponseListQuery,
  CannedResponseSchema,
  CreateCannedResponseBody,
  RenderedResponseSchema,
  RenderParams,
  UpdateCannedResponseBody,
} from './canned-responses.schemas.ts';
import { createCannedResponse } from './create-canned-response.ts';
import { deleteCannedResponse } from './delete-canned-response.ts';
import { getCannedResponse, listCannedResponses } from './list-canned-responses.ts';
import { renderCannedResponse } from './render-canned-response.ts';
import { updateCannedResponse } from './update-canned-response.ts';

export async function cannedResponsesRoutes(app: App): Promise<void> {
  app.get(
    '/canned-responses',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'The shared canned responses and my own, searchable by title and body',
        querystring: CannedResponseListQuery,
        response: { 200: Page(CannedResponseSchema), ...errorResponses(400) },
      },
    },
    async (request) => listCannedResponses(app.db, { actor: actorOf(request), request: request.query }),
  );

  app.post(
    '/canned-responses',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Save a canned response: personal, or shared with the organization (admins)',
        body: CreateCannedResponseBody,
        response: { 201: CannedResponseSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const response = await createCannedResponse(app.db, {
        actor: actorOf(request),
        response: request.body,
      });
      reply.status(201);
      return response;
    },
  );

  app.get(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'One canned response',
        params: IdParams,
        response: { 200: CannedResponseSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getCannedResponse(app.db, { actor: actorOf(request), responseId: request.params.id }),
  );

  app.patch(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Change my canned response, or a shared one (admins)',
        params: IdParams,
        body: UpdateCannedResponseBody,
        response: { 200: CannedResponseSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      updateCannedResponse(app.db, {
        actor: actorOf(request),
        responseId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/canned-responses/:id',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Delete my canned response, or a shared one (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteCannedResponse(app.db, { actor: actorOf(request), responseId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tickets/:id/canned-responses/:cid/render',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Fill in a canned response for a ticket, as plain text and as HTML (changes nothing)',
        params: RenderParams,
        response: { 200: RenderedResponseSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      renderCannedResponse(app.db, {
        actor: actorOf(request),
        ticketId: request.params.id,
        responseId: request.params.cid,
      }),
  );
}

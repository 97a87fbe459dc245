import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { FolderBody, FolderSchema } from './canned-responses.schemas.ts';
import { createFolder } from './create-folder.ts';
import { deleteFolder } from './delete-folder.ts';
import { listFolders } from './list-folders.ts';
import { renameFolder } from './rename-folder.ts';

export async function cannedResponseFoldersRoutes(app: App): Promise<void> {
  app.get(
    '/canned-response-folders',
    {
      schema: {
        tags: ['canned-responses'],
        summary: "The organization's folders of canned responses",
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(FolderSchema), ...errorResponses(400) },
      },
    },
    async (request) =>
      listFolders(app.db, { organizationId: actorOf(request).organizationId, ...request.query }),
  );

  app.post(
    '/canned-response-folders',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Create a folder (admins)',
        body: FolderBody,
        response: { 201: FolderSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const folder = await createFolder(app.db, { actor: actorOf(request), name: request.body.name });
      reply.status(201);
      return folder;
    },
  );

  app.patch(
    '/canned-response-folders/:id',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Rename a folder (admins)',
        params: IdParams,
        body: FolderBody,
        response: { 200: FolderSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      renameFolder(app.db, { actor: actorOf(request), folderId: request.params.id, name: request.body.name }),
  );

  app.delete(
    '/canned-response-folders/:id',
    {
      schema: {
        tags: ['canned-responses'],
        summary: 'Delete a folder (admins); its responses stay, in no folder',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteFolder(app.db, { actor: actorOf(request), folderId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}

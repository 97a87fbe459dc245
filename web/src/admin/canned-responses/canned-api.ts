import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Folder = ResponseOf<'/api/v1/canned-response-folders', 'get'>['items'][number];
export type CannedResponseInput = BodyOf<'/api/v1/canned-responses', 'post'>;
// The agent console's picker keys its searches under the same prefix, so they refresh too.
export const CANNED_RESPONSES = ['canned-responses'];
export const FOLDERS = ['canned-response-folders'];

export const useFolders = () =>
  useQuery({
    queryKey: FOLDERS,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/canned-response-folders', { params: { query: { limit: 200 } } })).items,
  });

export const useCannedResponses = () =>
  useQuery({
    queryKey: [...CANNED_RESPONSES, 'admin'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/canned-responses', { params: { query: { limit: 200 } } })).items,
  });

/** Creates a response, or changes the one with `id` (its scope is fixed once saved). */
export async function saveCannedResponse({ id, ...body }: CannedResponseInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/canned-responses', { body }));
  const { scope: _scope, ...changes } = body;
  return unwrap(
    await api.PATCH('/api/v1/canned-responses/{id}', { params: { path: { id } }, body: changes }),
  );
}

export async function deleteCannedResponse(id: string) {
  return unwrap(await api.DELETE('/api/v1/canned-responses/{id}', { params: { path: { id } } }));
}

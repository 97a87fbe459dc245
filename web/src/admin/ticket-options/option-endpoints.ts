import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, Priority, Status } from '../../api/types.ts';

export type OptionItem = { id: string; name: string; color: string };

/** What the shared list needs from the statuses' or the priorities' routes. */
export type OptionEndpoints<T extends OptionItem> = {
  reorder: (ids: string[]) => Promise<T[]>;
  remove: (input: { id: string; replacementId: string }) => Promise<{ movedTickets: number }>;
};

export const statusEndpoints = {
  reorder: async (ids) => unwrap(await api.PUT('/api/v1/ticket-statuses/order', { body: { ids } })).items,
  remove: async ({ id, replacementId }) =>
    unwrap(
      await api.DELETE('/api/v1/ticket-statuses/{id}', {
        params: { path: { id }, query: { replacementId } },
      }),
    ),
} satisfies OptionEndpoints<Status>;

export const priorityEndpoints = {
  reorder: async (ids) => unwrap(await api.PUT('/api/v1/ticket-priorities/order', { body: { ids } })).items,
  remove: async ({ id, replacementId }) =>
    unwrap(
      await api.DELETE('/api/v1/ticket-priorities/{id}', {
        params: { path: { id }, query: { replacementId } },
      }),
    ),
} satisfies OptionEndpoints<Priority>;

export type StatusInput = BodyOf<'/api/v1/ticket-statuses', 'post'>;
export type PriorityInput = BodyOf<'/api/v1/ticket-priorities', 'post'>;

/** Creates a status, or changes the one with `id`. */
export async function saveStatus({ id, ...body }: StatusInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/ticket-statuses', { body }));
  const { isDefaultForNew, ...changes } = body;
  return unwrap(
    await api.PATCH('/api/v1/ticket-statuses/{id}', {
      params: { path: { id } },
      // The default can only be given, never taken away: another status takes it instead.
      body: { ...changes, ...(isDefaultForNew ? { isDefaultForNew: true as const } : {}) },
    }),
  );
}

export async function savePriority({ id, ...body }: PriorityInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/ticket-priorities', { body }));
  const { isDefault, ...changes } = body;
  return unwrap(
    await api.PATCH('/api/v1/ticket-priorities/{id}', {
      params: { path: { id } },
      body: { ...changes, ...(isDefault ? { isDefault: true as const } : {}) },
    }),
  );
}

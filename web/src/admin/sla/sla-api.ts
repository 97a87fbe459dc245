import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Calendar = ResponseOf<'/api/v1/calendars/{id}', 'get'>;
export type CalendarSpec = Calendar['spec'];
export type CalendarInput = BodyOf<'/api/v1/calendars', 'post'>;
export type Interval = [string, string];
export type Holiday = CalendarSpec['holidays'][number];
export type HolidayImport = ResponseOf<'/api/v1/calendars/{id}/holidays/import', 'post'>;
export type CalendarPreview = ResponseOf<'/api/v1/calendars/{id}/preview', 'post'>;

export type Policy = ResponseOf<'/api/v1/sla-policies/{id}', 'get'>;
export type PolicyInput = BodyOf<'/api/v1/sla-policies', 'post'>;
export type PolicyConditions = Policy['conditions'];
export type PolicyTarget = Policy['targets'][number];
export type SlaTimer = Policy['pausableTimers'][number];

export const CALENDARS = ['sla-calendars'];

// openapi-fetch types a response's tuples as plain arrays; the server's response schema sends each
// interval as a [from, to] pair, so its calendars are typed back as the operation declares them.
const asCalendar = (calendar: object) => calendar as Calendar;
export const POLICIES = ['sla-policies'];

export const useCalendars = () =>
  useQuery({
    queryKey: CALENDARS,
    queryFn: async () => unwrap(await api.GET('/api/v1/calendars')).items.map(asCalendar),
  });

export const useCalendar = (id: string | null) =>
  useQuery({
    queryKey: [...CALENDARS, id],
    enabled: id !== null,
    queryFn: async () =>
      asCalendar(unwrap(await api.GET('/api/v1/calendars/{id}', { params: { path: { id: id ?? '' } } }))),
  });

/** Creates a calendar, or replaces the name and spec of the one with `id`. */
export async function saveCalendar({ id, ...body }: CalendarInput & { id?: string }) {
  if (!id) return asCalendar(unwrap(await api.POST('/api/v1/calendars', { body })));
  return asCalendar(unwrap(await api.PATCH('/api/v1/calendars/{id}', { params: { path: { id } }, body })));
}

export async function deleteCalendar(id: string) {
  return unwrap(await api.DELETE('/api/v1/calendars/{id}', { params: { path: { id } } }));
}

export async function makeDefaultCalendar(id: string) {
  return asCalendar(unwrap(await api.POST('/api/v1/calendars/{id}/default', { params: { path: { id } } })));
}

export async function previewCalendar({
  id,
  start,
  minutes,
}: {
  id: string;
  start: string;
  minutes: number;
}) {
  return unwrap(
    await api.POST('/api/v1/calendars/{id}/preview', { params: { path: { id } }, body: { start, minutes } }),
  );
}

export async function importHolidays({ id, ics }: { id: string; ics: string }): Promise<HolidayImport> {
  const result = unwrap(
    await api.POST('/api/v1/calendars/{id}/holidays/import', { params: { path: { id } }, body: { ics } }),
  );
  return { ...result, calendar: asCalendar(result.calendar) };
}

export const usePolicies = () =>
  useQuery({
    queryKey: POLICIES,
    queryFn: async () => unwrap(await api.GET('/api/v1/sla-policies')).items,
  });

export const usePolicy = (id: string | null) =>
  useQuery({
    queryKey: [...POLICIES, id],
    enabled: id !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/sla-policies/{id}', { params: { path: { id: id ?? '' } } })),
  });

/** Creates a policy (tried after the others), or replaces every part of the one with `id`. */
export async function savePolicy({ id, ...body }: PolicyInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/sla-policies', { body }));
  return unwrap(await api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id } }, body }));
}

export async function setPolicyEnabled({ id, enabled }: { id: string; enabled: boolean }) {
  return unwrap(
    await api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id } }, body: { enabled } }),
  );
}

export async function deletePolicy(id: string) {
  return unwrap(await api.DELETE('/api/v1/sla-policies/{id}', { params: { path: { id } } }));
}

export async function reorderPolicies(ids: string[]) {
  return unwrap(await api.PUT('/api/v1/sla-policies/order', { body: { ids } })).items;
}

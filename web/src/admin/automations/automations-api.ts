import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';

export type Rule = ResponseOf<'/api/v1/automations/{id}', 'get'>;
export type RuleInput = BodyOf<'/api/v1/automations', 'post'>;
export type Trigger = Rule['trigger'];
export type Condition = NonNullable<Rule['conditions']['all']>[number];
export type Action = Rule['actions'][number];
export type Run = ResponseOf<'/api/v1/automations/{id}/runs', 'get'>['items'][number];
export type RuleTest = ResponseOf<'/api/v1/automations/{id}/test', 'post'>;
export type ConditionResult = RuleTest['conditions'][number];
export type FieldChange = RuleTest['changes'][number];
export type WebhookDelivery = ResponseOf<
  '/api/v1/automations/{id}/webhook-deliveries',
  'get'
>['items'][number];
export type Template = ResponseOf<'/api/v1/automation-templates', 'get'>['items'][number];

export const RULES = ['automations'];
const RUNS_PAGE = 25;

const byId = (id: string) => ({ params: { path: { id } } });

export const useRules = () =>
  useQuery({
    queryKey: RULES,
    queryFn: async () => unwrap(await api.GET('/api/v1/automations')).items,
  });

export const useRule = (id: string | null) =>
  useQuery({
    queryKey: [...RULES, id],
    enabled: id !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/automations/{id}', byId(id ?? ''))),
  });

/** Creates a rule (run after the others), or replaces every part of the one with `id`. */
export async function saveRule({ id, ...body }: RuleInput & { id?: string }) {
  if (!id) return unwrap(await api.POST('/api/v1/automations', { body }));
  return unwrap(await api.PATCH('/api/v1/automations/{id}', { ...byId(id), body }));
}

export async function setRuleEnabled({ id, enabled }: { id: string; enabled: boolean }) {
  return unwrap(await api.PATCH('/api/v1/automations/{id}', { ...byId(id), body: { enabled } }));
}

export async function deleteRule(id: string) {
  return unwrap(await api.DELETE('/api/v1/automations/{id}', byId(id)));
}

export async function reorderRules(ids: string[]) {
  return unwrap(await api.PUT('/api/v1/automations/order', { body: { ids } })).items;
}

export async function testRule({ id, ticketId }: { id: string; ticketId: string }) {
  return unwrap(await api.POST('/api/v1/automations/{id}/test', { ...byId(id), body: { ticketId } }));
}

/** The rule's runs, newest first, a page at a time. */
export const useRuns = (id: string) =>
  useInfiniteQuery({
    queryKey: [...RULES, id, 'runs'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/automations/{id}/runs', {
          params: { path: { id }, query: { limit: RUNS_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const useWebhookDeliveries = (id: string) =>
  useQuery({
    queryKey: [...RULES, id, 'webhook-deliveries'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/automations/{id}/webhook-deliveries', {
          params: { path: { id }, query: { limit: RUNS_PAGE } },
        }),
      ).items,
  });

export const useTemplates = () =>
  useQuery({
    // Under the rules' key: a rule enabled, or deleted, changes which templates are in use.
    queryKey: [...RULES, 'templates'],
    queryFn: async () => unwrap(await api.GET('/api/v1/automation-templates')).items,
  });

export async function enableTemplate(key: string) {
  return unwrap(await api.POST('/api/v1/automation-templates/{key}/enable', { params: { path: { key } } }));
}

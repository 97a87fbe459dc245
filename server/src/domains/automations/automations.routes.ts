import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent, Page, PageQuery } from '../../lib/http-schemas.ts';
import { decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { actorOf } from '../auth/authenticate.ts';
import { getRule, listRules, ruleAsSeenBy } from './automation-rows.ts';
import { listRuns, toRun } from './automation-runs.ts';
import {
  AutomationRuleSchema,
  AutomationRunSchema,
  CreateRuleBody,
  ReorderRulesBody,
  RuleTestSchema,
  TestRuleBody,
  UpdateRuleBody,
  WebhookDeliverySchema,
} from './automations.schemas.ts';
import { deleteRule } from './delete-rule.ts';
import { reorderRules } from './reorder-rules.ts';
import { createRule, updateRule } from './save-rule.ts';
import { testRule } from './test-rule.ts';
import { listWebhookDeliveries, toWebhookDelivery } from './webhook-deliveries.ts';

// At most MAX_RULES per organization, so the list comes whole, in the order rules run.
const RuleList = Type.Object({ items: Type.Array(AutomationRuleSchema), nextCursor: Type.Null() });

/** Admins write rules; every agent can read them, their run log, and test them on a ticket. */
export async function automationsRoutes(app: App): Promise<void> {
  const webhooks = { allowHttpLoopback: app.config.webhookAllowHttpLoopback };
  const listOf = async (actor: Actor) => ({
    items: (await withTenant(app.db, actor.organizationId, (tx) => listRules(tx, actor.organizationId))).map(
      (rule) => ruleAsSeenBy(rule, actor),
    ),
    nextCursor: null,
  });

  app.get(
    '/automations',
    {
      schema: {
        tags: ['automations'],
        summary: "The organization's automation rules in the order they run",
        response: { 200: RuleList, ...errorResponses() },
      },
    },
    async (request) => listOf(actorOf(request)),
  );

  app.post(
    '/automations',
    {
      schema: {
        tags: ['automations'],
        summary: 'Add an automation rule, run after the others (admins)',
        body: CreateRuleBody,
        response: { 201: AutomationRuleSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const rule = await createRule(app.db, {
        actor: actorOf(request),
        webhooks,
        jobs: app.jobs,
        ...request.body,
      });
      reply.status(201);
      return rule;
    },
  );

  app.put(
    '/automations/order',
    {
      schema: {
        tags: ['automations'],
        summary: 'Set the order rules run in; name every one (admins)',
        body: ReorderRulesBody,
        response: { 200: RuleList, ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reorderRules(app.db, { actor, ids: request.body.ids });
      return listOf(actor);
    },
  );

  app.get(
    '/automations/:id',
    {
      schema: {
        tags: ['automations'],
        summary: 'One automation rule',
        params: IdParams,
        response: { 200: AutomationRuleSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { organizationId } = actor;
      const rule = await withTenant(app.db, organizationId, (tx) =>
        getRule(tx, organizationId, request.params.id),
      );
      return ruleAsSeenBy(rule, actor);
    },
  );

  app.patch(
    '/automations/:id',
    {
      schema: {
        tags: ['automations'],
        summary: 'Change an automation rule; each part given replaces the stored one (admins)',
        params: IdParams,
        body: UpdateRuleBody,
        response: { 200: AutomationRuleSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      updateRule(app.db, {
        actor: actorOf(request),
        ruleId: request.params.id,
        changes: request.body,
        webhooks,
        jobs: app.jobs,
      }),
  );

  app.delete(
    '/automations/:id',
    {
      schema: {
        tags: ['automations'],
        summary: 'Delete an automation rule and its run log (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deleteRule(app.db, { actor: actorOf(request), ruleId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/automations/:id/runs',
    {
      schema: {
        tags: ['automations'],
        summary: "The rule's recent runs, newest first: the event, each condition's result, what changed",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(AutomationRunSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const limit = pageLimit(request.query);
      const before = decodeCursor(request.query.cursor);
      return withTenant(app.db, organizationId, async (tx) => {
        const rule = await getRule(tx, organizationId, request.params.id);
        const rows = await listRuns(tx, { organizationId, ruleId: rule.id, before, limit: limit + 1 });
        return toPage(rows, limit, toRun);
      });
    },
  );

  app.get(
    '/automations/:id/webhook-deliveries',
    {
      schema: {
        tags: ['automations'],
        summary: "The rule's webhook calls, newest first, each with its attempts (status, error, duration)",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(WebhookDeliverySchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const limit = pageLimit(request.query);
      const before = decodeCursor(request.query.cursor);
      return withTenant(app.db, organizationId, async (tx) => {
        const rule = await getRule(tx, organizationId, request.params.id);
        const rows = await listWebhookDeliveries(tx, {
          organizationId,
          ruleId: rule.id,
          before,
          limit: limit + 1,
        });
        return toPage(rows, limit, toWebhookDelivery);
      });
    },
  );

  app.post(
    '/automations/:id/test',
    {
      schema: {
        tags: ['automations'],
        summary: 'Evaluate the rule on a ticket as if its trigger fired, without applying it',
        params: IdParams,
        body: TestRuleBody,
        response: { 200: RuleTestSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      testRule(app.db, {
        actor: actorOf(request),
        ruleId: request.params.id,
        ticketId: request.body.ticketId,
      }),
  );
}

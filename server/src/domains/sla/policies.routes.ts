import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { errorResponses, IdParams, NoContent } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { deletePolicy } from './delete-policy.ts';
import { getPolicy, listPolicies } from './policy-rows.ts';
import { reorderPolicies } from './reorder-policies.ts';
import { createPolicy, updatePolicy } from './save-policy.ts';
import { CreatePolicyBody, PolicySchema, ReorderPoliciesBody, UpdatePolicyBody } from './sla.schemas.ts';

// At most MAX_POLICIES per organization, so the list comes whole, in the order policies are tried.
const PolicyList = Type.Object({ items: Type.Array(PolicySchema), nextCursor: Type.Null() });

export async function policiesRoutes(app: App): Promise<void> {
  const listOf = async (organizationId: string) => ({
    items: await withTenant(app.db, organizationId, (tx) => listPolicies(tx, organizationId)),
    nextCursor: null,
  });

  app.get(
    '/sla-policies',
    {
      schema: {
        tags: ['sla'],
        summary: "The organization's SLA policies in the order they are tried",
        response: { 200: PolicyList, ...errorResponses() },
      },
    },
    async (request) => listOf(actorOf(request).organizationId),
  );

  app.post(
    '/sla-policies',
    {
      schema: {
        tags: ['sla'],
        summary: 'Add an SLA policy, tried after the others (admins)',
        body: CreatePolicyBody,
        response: { 201: PolicySchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const policy = await createPolicy(app.db, { actor: actorOf(request), jobs: app.jobs, ...request.body });
      reply.status(201);
      return policy;
    },
  );

  app.get(
    '/sla-policies/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'One SLA policy',
        params: IdParams,
        response: { 200: PolicySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      return withTenant(app.db, organizationId, (tx) => getPolicy(tx, organizationId, request.params.id));
    },
  );

  app.patch(
    '/sla-policies/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'Change an SLA policy; each part given replaces the stored one (admins)',
        params: IdParams,
        body: UpdatePolicyBody,
        response: { 200: PolicySchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) =>
      updatePolicy(app.db, {
        actor: actorOf(request),
        jobs: app.jobs,
        policyId: request.params.id,
        changes: request.body,
      }),
  );

  app.delete(
    '/sla-policies/:id',
    {
      schema: {
        tags: ['sla'],
        summary: 'Delete an SLA policy (admins)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deletePolicy(app.db, { actor: actorOf(request), jobs: app.jobs, policyId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/sla-policies/order',
    {
      schema: {
        tags: ['sla'],
        summary: 'Set the order SLA policies are tried in; name every one (admins)',
        body: ReorderPoliciesBody,
        response: { 200: PolicyList, ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reorderPolicies(app.db, { actor, jobs: app.jobs, ids: request.body.ids });
      return listOf(actor.organizationId);
    },
  );
}

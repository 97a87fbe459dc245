import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { errorResponses, Uuid } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { enableAutomationTemplate, listAutomationTemplates } from './automation-templates.ts';
import { AutomationRuleSchema } from './automations.schemas.ts';

const AutomationTemplateSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  needs: Type.Object(
    { teams: Type.Array(Type.String()), priorities: Type.Array(Type.String()) },
    { description: 'Teams and priorities, by name, that must exist before the template can be enabled' },
  ),
  ruleId: Type.Union([Uuid, Type.Null()], {
    description: 'The rule enabled from this template, while it exists (a template is enabled once)',
  }),
});

const TemplateParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,99}$' }) });

/** The seed rules, shipped as data: every agent sees them, an admin enables one in a click. */
export async function automationTemplatesRoutes(app: App): Promise<void> {
  app.get(
    '/automation-templates',
    {
      schema: {
        tags: ['automations'],
        summary: 'Ready-made automation rules an admin can enable',
        response: {
          200: Type.Object({ items: Type.Array(AutomationTemplateSchema), nextCursor: Type.Null() }),
          ...errorResponses(),
        },
      },
    },
    async (request) => ({ items: await listAutomationTemplates(app.db, actorOf(request)), nextCursor: null }),
  );

  app.post(
    '/automation-templates/:key/enable',
    {
      schema: {
        tags: ['automations'],
        summary: "Create the template's rule, run after the others (admins)",
        params: TemplateParams,
        response: { 201: AutomationRuleSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const rule = await enableAutomationTemplate(app.db, {
        actor: actorOf(request),
        key: request.params.key,
        webhooks: { allowHttpLoopback: app.config.webhookAllowHttpLoopback },
        jobs: app.jobs,
      });
      reply.status(201);
      return rule;
    },
  );
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { apiTokensRoutes } from './domains/api-tokens/api-tokens.routes.ts';
import { attachmentsRoutes } from './domains/attachments/attachments.routes.ts';
import type { Actor } from './domains/auth/actor.ts';
import { authRoutes } from './domains/auth/auth.routes.ts';
import { registerAuthentication } from './domains/auth/authenticate.ts';
import type { ContactActor } from './domains/auth/contact-sessions.ts';
import { registerAutomationJobs } from './domains/automations/automation-jobs.ts';
import { RUN_AUTOMATIONS } from './domains/automations/automation-queue.ts';
import { automationTemplatesRoutes } from './domains/automations/automation-templates.routes.ts';
import { automationsRoutes } from './domains/automations/automations.routes.ts';
import { RECOMPUTE_TIME_TRIGGERS } from './domains/automations/recompute-time-triggers.ts';
import { DELIVER_WEBHOOK } from './domains/automations/webhook-queue.ts';
import { cannedResponseFoldersRoutes } from './domains/canned-responses/canned-response-folders.routes.ts';
import { cannedResponsesRoutes } from './domains/canned-responses/canned-responses.routes.ts';
import { contactsRoutes } from './domains/contacts/contacts.routes.ts';
import { customFieldsRoutes } from './domains/custom-fields/custom-fields.routes.ts';
import { registerEmailJobs } from './domains/email/email-jobs.ts';
import { EMAIL_QUEUES } from './domains/email/email-queues.ts';
import { emailSettingsRoutes } from './domains/email/email-settings.routes.ts';
import { imapAccountsRoutes } from './domains/email/imap-accounts.routes.ts';
import { inboundEmailRoutes } from './domains/email/inbound-email.routes.ts';
import { inboundEmailsRoutes } from './domains/email/inbound-emails.routes.ts';
import { healthRoutes } from './domains/health/health.routes.ts';
import { intakeFormsRoutes } from './domains/intake-forms/intake-forms.routes.ts';
import { portalFormsRoutes } from './domains/intake-forms/portal-forms.routes.ts';
import { macrosRoutes } from './domains/macros/macros.routes.ts';
import { notificationsRoutes } from './domains/notifications/notifications.routes.ts';
import { organizationLogoRoutes } from './domains/organizations/organization-logo.routes.ts';
import { organizationsRoutes } from './domains/organizations/organizations.routes.ts';
import { agentsRoutes } from './domains/people/agents.routes.ts';
import { invitationsRoutes } from './domains/people/invitations.routes.ts';
import { portalAttachmentsRoutes } from './domains/portal/portal-attachments.routes.ts';
import { portalAuthRoutes } from './domains/portal/portal-auth.routes.ts';
import { portalOrganizationsRoutes } from './domains/portal/portal-organizations.routes.ts';
import { portalTicketsRoutes } from './domains/portal/portal-tickets.routes.ts';
import { realtimeRoutes } from './domains/realtime/realtime.routes.ts';
import type { RealtimeHub } from './domains/realtime/realtime-hub.ts';
import { registerRealtime } from './domains/realtime/realtime-plugin.ts';
import { savedViewsRoutes } from './domains/saved-views/saved-views.routes.ts';
import { calendarsRoutes } from './domains/sla/calendars.routes.ts';
import { policiesRoutes } from './domains/sla/policies.routes.ts';
import { RECOMPUTE_SLA } from './domains/sla/recompute-sla.ts';
import { registerSlaJobs } from './domains/sla/sla-jobs.ts';
import type { SlaScheduler } from './domains/sla/sla-scheduler.ts';
import { ticketSlaRoutes } from './domains/sla/ticket-sla.routes.ts';
import { teamsRoutes } from './domains/teams/teams.routes.ts';
import { ticketSettingsRoutes } from './domains/ticket-settings/ticket-settings.routes.ts';
import { ticketsRoutes } from './domains/tickets/tickets.routes.ts';
import type { DueScheduler } from './jobs/due-scheduler.ts';
import { type JobQueue, startJobQueue } from './jobs/job-queue.ts';
import { registerErrorHandling } from './lib/error-handler.ts';
import { ErrorResponse } from './lib/http-schemas.ts';
import { createStorage, type ObjectStorage } from './lib/storage/storage.ts';
import { registerWebApp } from './web-app.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    /** Where file contents live (attachments, raw emails), chosen by STORAGE_DRIVER. */
    storage: ObjectStorage;
    jobs: JobQueue;
    /** Announces SLA stages when timers reach them; null in a process that runs no background work. */
    slaScheduler: SlaScheduler | null;
    /** Fires automation rules' time triggers when their instants come; null without background work. */
    timeTriggerScheduler: DueScheduler | null;
    /** Live events and presence for this process's sockets (in-process, or fanned out through Redis). */
    realtime: RealtimeHub;
  }
  interface FastifyRequest {
    actor: Actor | null;
    contact: ContactActor | null;
  }
  interface FastifyContextConfig {
    /** Routes open without a session or token (sign-up, login, health). */
    public?: boolean;
    /** `contact`: a customer's portal route, signed in with a portal session instead of an agent's. */
    audience?: 'contact';
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type AppOptions = {
  config: Config;
  db: Database;
  logger?: FastifyBaseLogger;
  /** The built web app's folder; web/dist by default. */
  webRoot?: string;
};

export async function buildApp({ config, db, logger, webRoot }: AppOptions): Promise<App> {
  const app = Fastify({
    ...(logger
      ? { loggerInstance: logger }
      : {
          logger: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
          },
        }),
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Unknown body fields are rejected rather than silently dropped, so typos get a clear 400.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('storage', createStorage(config.storage));
  app.addHook('onClose', async () => app.storage.close());
  const jobs = await startJobQueue(db, {
    queues: [...EMAIL_QUEUES, RECOMPUTE_SLA, RUN_AUTOMATIONS, DELIVER_WEBHOOK, RECOMPUTE_TIME_TRIGGERS],
    logger: app.log,
    pollingIntervalSeconds: config.jobPollSeconds,
  });
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());
  if (config.jobWorkers) await registerEmailJobs(app);
  app.decorate('timeTriggerScheduler', config.jobWorkers ? await registerAutomationJobs(app) : null);
  app.decorate('slaScheduler', config.jobWorkers ? await registerSlaJobs(app) : null);
  app.decorateRequest('actor', null);
  app.decorateRequest('contact', null);
  app.addSchema(ErrorResponse);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  await registerRealtime(app);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'ActionConnect API', version: '1' },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token created by an admin' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'ac_session' },
          portalSessionCookie: { type: 'apiKey', in: 'cookie', name: 'ac_portal' },
          inboundSecret: {
            type: 'http',
            scheme: 'bearer',
            description: "An organization's email intake secret",
          },
        },
      },
      security: [{ bearerToken: [] }, { sessionCookie: [] }],
    },
  });
  registerErrorHandling(app);
  registerAuthentication(app);

  await app.register(healthRoutes);
  await app.register(
    async (api: App) => {
      await api.register(organizationsRoutes);
      await api.register(organizationLogoRoutes);
      await api.register(authRoutes);
      await api.register(apiTokensRoutes);
      await api.register(agentsRoutes);
      await api.register(invitationsRoutes);
      await api.register(teamsRoutes);
      await api.register(contactsRoutes);
      await api.register(ticketSettingsRoutes);
      await api.register(customFieldsRoutes);
      await api.register(calendarsRoutes);
      await api.register(policiesRoutes);
      await api.register(ticketsRoutes);
      await api.register(ticketSlaRoutes);
      await api.register(automationsRoutes);
      await api.register(notificationsRoutes);
      await api.register(automationTemplatesRoutes);
      await api.register(attachmentsRoutes);
      await api.register(cannedResponseFoldersRoutes);
      await api.register(cannedResponsesRoutes);
      await api.register(macrosRoutes);
      await api.register(savedViewsRoutes);
      await api.register(portalAuthRoutes);
      await api.register(portalTicketsRoutes);
      await api.register(portalAttachmentsRoutes);
      await api.register(portalOrganizationsRoutes);
      await api.register(intakeFormsRoutes);
      await api.register(portalFormsRoutes);
      await api.register(inboundEmailRoutes);
      await api.register(inboundEmailsRoutes);
      await api.register(imapAccountsRoutes);
      await api.register(emailSettingsRoutes);
      await api.register(realtimeRoutes);
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
    },
    { prefix: '/api/v1' },
  );
  await registerWebApp(app, webRoot);
  return app;
}

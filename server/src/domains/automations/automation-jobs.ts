import type { App } from '../../app.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { RUN_AUTOMATIONS, type RunAutomationsJob } from './automation-queue.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { runAutomations } from './run-automations.ts';
import { DELIVER_WEBHOOK, type DeliverWebhookJob, type WebhookQueue } from './webhook-queue.ts';

/** Where rule runs queue webhook calls, with the retry wait this server is set up with. */
export const webhookQueueOf = (app: App): WebhookQueue => ({
  jobs: app.jobs,
  retryDelaySeconds: app.config.webhookRetrySeconds,
});

/**
 * The automation jobs in this process: rules run on tickets' new events after their changes commit,
 * and the webhooks they queue are called.
 */
export async function registerAutomationJobs(app: App): Promise<void> {
  const deps = { db: app.db, outbound: outboundQueueOf(app), webhooks: webhookQueueOf(app), logger: app.log };
  await app.jobs.work<RunAutomationsJob>(RUN_AUTOMATIONS.name, (job) => runAutomations(deps, job));
  const webhookDeps = {
    db: app.db,
    logger: app.log,
    policy: { allowHttpLoopback: app.config.webhookAllowHttpLoopback },
  };
  await app.jobs.work<DeliverWebhookJob>(DELIVER_WEBHOOK.name, (job, { attempt }) =>
    deliverWebhook(webhookDeps, job, { attempt, lastAttempt: attempt > DELIVER_WEBHOOK.retryLimit }),
  );
}

import type { App } from '../../app.ts';
import type { DueScheduler } from '../../jobs/due-scheduler.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { RUN_AUTOMATIONS, type RunAutomationsJob } from './automation-queue.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import {
  RECOMPUTE_TIME_TRIGGERS,
  type RecomputeTimeTriggersJob,
  recomputeTimeTriggers,
} from './recompute-time-triggers.ts';
import { runAutomations } from './run-automations.ts';
import { startTimeTriggerScheduler } from './time-trigger-scheduler.ts';
import { DELIVER_WEBHOOK, type DeliverWebhookJob, type WebhookQueue } from './webhook-queue.ts';

/** Where rule runs queue webhook calls, with the retry wait this server is set up with. */
export const webhookQueueOf = (app: App): WebhookQueue => ({
  jobs: app.jobs,
  retryDelaySeconds: app.config.webhookRetrySeconds,
});

/**
 * The automation jobs in this process: rules run on tickets' new events after their changes commit,
 * the webhooks they queue are called, time triggers are planned again after a time rule changes, and
 * the time-trigger scheduler (answered, for tests to drive) fires them when their instants come.
 */
export async function registerAutomationJobs(app: App): Promise<DueScheduler> {
  const deps = { db: app.db, outbound: outboundQueueOf(app), webhooks: webhookQueueOf(app), logger: app.log };
  await app.jobs.work<RunAutomationsJob>(RUN_AUTOMATIONS.name, (job) => runAutomations(deps, job));
  await app.jobs.work<RecomputeTimeTriggersJob>(RECOMPUTE_TIME_TRIGGERS.name, async ({ organizationId }) => {
    const tickets = await recomputeTimeTriggers(app.db, organizationId);
    app.log.info({ organizationId, tickets }, 'automation time triggers planned again');
  });
  const webhookDeps = {
    db: app.db,
    logger: app.log,
    policy: { allowHttpLoopback: app.config.webhookAllowHttpLoopback },
  };
  await app.jobs.work<DeliverWebhookJob>(DELIVER_WEBHOOK.name, (job, { attempt }) =>
    deliverWebhook(webhookDeps, job, { attempt, lastAttempt: attempt > DELIVER_WEBHOOK.retryLimit }),
  );
  const scheduler = startTimeTriggerScheduler(deps, { pollSeconds: app.config.jobPollSeconds });
  app.addHook('onClose', () => scheduler.stop());
  return scheduler;
}

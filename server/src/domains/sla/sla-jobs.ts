import type { App } from '../../app.ts';
import { RECOMPUTE_SLA, type RecomputeJob, recomputeOrganization } from './recompute-sla.ts';
import { type SlaScheduler, startSlaScheduler } from './sla-scheduler.ts';

/** The SLA's background work in this process: recomputing after set-up changes, and the timer scheduler. */
export async function registerSlaJobs(app: App): Promise<SlaScheduler> {
  await app.jobs.work<RecomputeJob>(RECOMPUTE_SLA.name, async ({ organizationId }) => {
    const tickets = await recomputeOrganization(app.db, app.jobs, organizationId);
    app.log.info({ organizationId, tickets }, 'SLA timers recomputed');
  });
  const scheduler = startSlaScheduler(app.db, {
    logger: app.log,
    pollSeconds: app.config.jobPollSeconds,
    jobs: app.jobs,
  });
  app.addHook('onClose', () => scheduler.stop());
  return scheduler;
}

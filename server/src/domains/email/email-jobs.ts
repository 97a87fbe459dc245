import type { App } from '../../app.ts';
import { type AccountEmailJob, type AccountMail, sendAccountEmail } from './account-emails.ts';
import { PROCESS_INBOUND_EMAIL, SEND_ACCOUNT_EMAIL, SEND_TICKET_EMAIL } from './email-queues.ts';
import type { SendJob } from './enqueue-email.ts';
import { markFailed } from './inbound-email-rows.ts';
import { type ProcessJob, processInboundEmails } from './process-inbound-email.ts';
import { replyTokenKey } from './reply-token.ts';
import { sendTicketEmails } from './send-ticket-email.ts';

/** The email channel's background work, run by every server process (the queue hands each job to one). */
export async function registerEmailJobs(app: App): Promise<void> {
  const { db, storage, config } = app;
  const tokenKey = replyTokenKey(config.secretKey);
  const deps = {
    db,
    storage,
    logger: app.log,
    attachmentLimits: { maxBytes: config.attachmentMaxBytes, quotaBytes: config.attachmentQuotaBytes },
    senderChecks: { enabled: config.emailSenderChecks, mtaHostname: new URL(config.publicUrl).hostname },
    replyTokenKey: tokenKey,
    outbound: outboundQueueOf(app),
  };
  await app.jobs.workBatches<ProcessJob>(PROCESS_INBOUND_EMAIL.name, async (jobs) => {
    // A batch at a time: a failed message is retried alone, as its own job, and after its last
    // attempt it stays stored, marked for an agent to look at.
    const failures = await processInboundEmails(
      deps,
      jobs.map((job) => job.data),
    );
    const failedJobs = new Map<string, unknown>();
    for (const job of jobs) {
      if (!failures.has(job.data)) continue;
      const error = failures.get(job.data);
      if (job.attempt > PROCESS_INBOUND_EMAIL.retryLimit) await markFailed(db, job.data, error);
      failedJobs.set(job.id, error);
    }
    return failedJobs;
  });
  const sendDeps = {
    db,
    logger: app.log,
    secretKey: config.secretKey,
    replyTokenKey: tokenKey,
    smtpRelayUrl: config.smtpRelayUrl,
    publicUrl: config.publicUrl,
  };
  await app.jobs.workBatches<SendJob>(SEND_TICKET_EMAIL.name, async (jobs) => {
    const attempts = jobs.map((job) => ({
      id: job.id,
      job: job.data,
      lastAttempt: job.attempt > SEND_TICKET_EMAIL.retryLimit,
    }));
    const retry = await sendTicketEmails(sendDeps, attempts);
    return new Map([...retry].map(([attempt, error]) => [attempt.id, error]));
  });
  await app.jobs.work<AccountEmailJob>(SEND_ACCOUNT_EMAIL.name, (job) => sendAccountEmail(sendDeps, job));
}

/**
 * Where comments, new tickets and account links enqueue their mail, with the retry wait this server is
 * set up with (and, for account links, the key that seals them and the system relay).
 */
export const outboundQueueOf = (app: App): AccountMail => ({
  jobs: app.jobs,
  retryDelaySeconds: app.config.emailSendRetrySeconds,
  secretKey: app.config.secretKey,
  smtpRelayUrl: app.config.smtpRelayUrl,
});

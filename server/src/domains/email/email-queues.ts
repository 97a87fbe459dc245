import type { QueueDefinition } from '../../jobs/job-queue.ts';

/**
 * Turns a stored raw message into a ticket, a comment or an event. Retried with backoff: a failure
 * (storage briefly away, a deadlock) must not lose the message; after the last attempt it is marked
 * failed and stays stored for an agent.
 */
export const PROCESS_INBOUND_EMAIL: QueueDefinition = {
  name: 'email.process-inbound',
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
  // A worker takes a batch and records it in one transaction (see processInboundEmails), its messages
  // side by side; while one batch is recorded the others are read and parsed. Measured in the email
  // benchmark (docs/benchmarks.md): four taking 20 cost a third more CPU a message than two taking 50
  // (fewer, fuller batches wait less on each other's rows); once acceptance got cheaper, two fell
  // behind it, and three taking 100 processed the most (four: PostgreSQL CPU a message up again).
  workers: 3,
  batchSize: 100,
};

/**
 * Sends one message (a reply, an acknowledgement). A temporary failure (server away, 4xx) is retried
 * with backoff from EMAIL_RETRY_SECONDS, set on each job; a permanent one (5xx) is not.
 */
export const SEND_TICKET_EMAIL: QueueDefinition = {
  name: 'email.send',
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 300,
  // Prepared in one transaction and recorded in one statement (sendTicketEmails); sent one by one.
  batchSize: 20,
};

/** Sends a one-time link (portal sign-in, password reset, invitation); retried while the link is young. */
export const SEND_ACCOUNT_EMAIL: QueueDefinition = {
  name: 'email.send-account',
  retryLimit: 3,
  retryDelaySeconds: 30,
  expireInSeconds: 300,
};

export const EMAIL_QUEUES: readonly QueueDefinition[] = [
  PROCESS_INBOUND_EMAIL,
  SEND_TICKET_EMAIL,
  SEND_ACCOUNT_EMAIL,
];

import { setTimeout as delay } from 'node:timers/promises';
import type { ParsedEmail } from './parse-email.ts';
import { normalizeMessageId, referencesOf } from './thread-email.ts';

/**
 * A reply recorded beside the batch of the message it answers would not see that message's ticket
 * (not committed yet) and would open a ticket of its own. So the batches of this process say which
 * Message-IDs they record: a batch waits until the other batches of its organization that were
 * being prepared beside it have said so, then for those that record a message it answers to commit.
 * Two batches that answer each other would wait for each other, so no batch waits for commits
 * longer than this.
 */
const LONGEST_WAIT_MS = 5_000;

type Batch = {
  organizationId: string;
  /** Resolved once the batch has said which Message-IDs it records (or failed before it could). */
  described: Promise<void>;
  /** Resolved once the batch's recording has ended, committed or not. */
  recorded: Promise<void>;
  messageIds: Set<string>;
};

const batches = new Set<Batch>();

export type BatchInFlight = {
  /** Runs `record` once what `emails` answer, recorded by other batches beside this one, has committed. */
  record<T>(emails: readonly ParsedEmail[], record: () => Promise<T>): Promise<T>;
  /** For a batch that ends without recording (nothing to record, or it failed being prepared). */
  end(): void;
};

/** Called as a batch starts, before it is prepared, so that batches prepared beside it wait for it to say what it records. */
export function startBatch(organizationId: string): BatchInFlight {
  let describe = () => {};
  let finish = () => {};
  const batch: Batch = {
    organizationId,
    described: new Promise((resolve) => {
      describe = resolve;
    }),
    recorded: new Promise((resolve) => {
      finish = resolve;
    }),
    messageIds: new Set(),
  };
  batches.add(batch);
  const end = () => {
    batches.delete(batch);
    describe();
    finish();
  };
  return {
    end,
    record: async (emails, record) => {
      for (const email of emails)
        if (email.messageId) batch.messageIds.add(normalizeMessageId(email.messageId));
      describe();
      try {
        const others = [...batches].filter(
          (other) => other !== batch && other.organizationId === organizationId,
        );
        await Promise.all(others.map((other) => other.described));
        const answered = new Set(emails.flatMap(referencesOf));
        const awaited = others.filter((other) => [...answered].some((id) => other.messageIds.has(id)));
        if (awaited.length > 0) await commitsOrTimeout(awaited.map((other) => other.recorded));
        return await record();
      } finally {
        end();
      }
    },
  };
}

async function commitsOrTimeout(recorded: Promise<void>[]): Promise<void> {
  const timeout = new AbortController();
  await Promise.race([
    Promise.all(recorded),
    delay(LONGEST_WAIT_MS, undefined, { signal: timeout.signal }).catch(() => undefined),
  ]);
  timeout.abort();
}

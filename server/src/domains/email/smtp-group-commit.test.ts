import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { addSupportAddress, rawMessage, sendSmtp } from './email-test-helpers.ts';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake.ts';

// Concurrent SMTP sessions share commits (record-inbound-emails.ts). A constraint trigger checked at
// COMMIT makes the commit itself fail for the messages whose envelope sender starts with "refused-".
const FAIL_AT_COMMIT = `
  create function refuse_marked_inbound_email() returns trigger language plpgsql as $$
  begin
    if new.envelope_from like 'refused-%' then
      raise exception 'commit refused for %', new.envelope_from;
    end if;
    return null;
  end $$;
  create constraint trigger refuse_marked_inbound_email after insert on inbound_emails
    deferrable initially deferred for each row execute function refuse_marked_inbound_email();`;

describe('SMTP intake: answers follow the commit of each message', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let smtp: SmtpIntake;

  before(async () => {
    harness = await createTestApp({ EMAIL_SENDER_CHECKS: 'false' });
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
    await harness.db.exec(FAIL_AT_COMMIT);
    smtp = await startSmtpIntake(harness.app, {
      port: 0,
      host: '127.0.0.1',
      tls: null,
      maxBytes: 200_000,
      logger: harness.app.log,
    });
  });
  after(async () => {
    await smtp?.close();
    await harness?.close();
  });

  const storedRow = async (id: string) =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query('select id from inbound_emails where organization_id = $1 and id = $2', [
        org.organizationId,
        id,
      ]),
    );

  test('a message is answered 250 once its row is committed; one whose commit fails gets 451', async () => {
    const senders = Array.from(
      { length: 8 },
      (_, index) =>
        `${index % 2 === 0 ? 'kept' : 'refused'}-${index}-${randomUUID().slice(0, 6)}@customer.example`,
    );
    // Sent at once, so that several are in one commit: a refused one must not take the others with it.
    const answers = await Promise.allSettled(
      senders.map((from) =>
        sendSmtp(
          smtp.port,
          { from, to: [support] },
          rawMessage({ from, to: support, subject: `From ${from}`, text: 'Hello' }),
        ).then(async (info) => {
          const id = /Stored as ([0-9a-f-]{36})/.exec(info.response)?.[1] ?? '';
          // Read right after the answer, on another transaction: the row must already be there.
          return { id, rows: await storedRow(id) };
        }),
      ),
    );
    for (const [index, answer] of answers.entries()) {
      const from = senders[index] ?? '';
      if (from.startsWith('refused-')) {
        assert.equal(answer.status, 'rejected', `${from} was accepted`);
        const error = answer.status === 'rejected' ? (answer.reason as { responseCode?: number }) : {};
        assert.equal(error.responseCode, 451, `${from}: a temporary failure, so the sender retries`);
      } else {
        assert.equal(answer.status, 'fulfilled', `${from} was refused`);
        if (answer.status === 'fulfilled') assert.equal(answer.value.rows.length, 1, `${from}: no row`);
      }
    }
    const [stored] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ refused: number }>(
        `select count(*)::int as refused from inbound_emails
          where organization_id = $1 and envelope_from like 'refused-%'`,
        [org.organizationId],
      ),
    );
    assert.equal(stored?.refused, 0);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import {
  addAgent,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { attachmentsOfComments } from './attachment-rows.ts';
import { createTicket, uploadFile } from './attachment-test-helpers.ts';
import type { AttachmentSummary, Uploader } from './attachments.schemas.ts';
import { bindAttachments } from './bind-attachments.ts';
import { type AttachmentViewer, findDownloadableAttachment } from './find-downloadable-attachment.ts';

// Comments are written with SQL here: binding is the comment route's job (tickets domain), and the
// customers' download route does not exist yet, so these rules are checked on the functions it will use.

describe('attachment binding and visibility', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let otherAgent: { id: string; session: { cookie: string; csrfToken: string } };
  let ticket: { id: string; requesterId: string };
  let otherTicket: { id: string; requesterId: string };

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    otherAgent = await addAgent(harness.app, org);
    ticket = await createTicket(harness.app, org.owner.session);
    otherTicket = await createTicket(harness.app, org.owner.session);
  });
  after(() => harness.close());

  const inTenant = <T>(work: (tx: Queryable) => Promise<T>) =>
    withTenant(harness.db, org.organizationId, work);

  async function uploadAs(session = org.owner.session, ticketId = ticket.id): Promise<string> {
    const response = await uploadFile(harness.app, session, ticketId, {
      filename: 'a.txt',
      content: Buffer.from('a'),
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<AttachmentSummary>().id;
  }

  async function insertComment(ticketId: string, visibility: 'public' | 'internal'): Promise<string> {
    const id = newId();
    await inTenant((tx) =>
      tx.query(
        `insert into ticket_comments (organization_id, id, ticket_id, author_type, author_id, visibility, body_text, body_html)
         values ($1, $2, $3, 'agent', $4, $5, 'See attached', '<p>See attached</p>')`,
        [org.organizationId, id, ticketId, org.owner.id, visibility],
      ),
    );
    return id;
  }

  const bind = (
    commentId: string,
    attachmentIds: string[],
    uploader: Uploader = { type: 'agent', id: org.owner.id },
    ticketId = ticket.id,
  ) =>
    inTenant((tx) =>
      bindAttachments(tx, {
        organizationId: org.organizationId,
        ticketId,
        commentId,
        attachmentIds,
        uploader,
      }),
    );

  const find = (attachmentId: string, viewer: AttachmentViewer, organizationId = org.organizationId) =>
    withTenant(harness.db, organizationId, (tx) =>
      findDownloadableAttachment(tx, { organizationId, attachmentId, viewer }),
    );

  const isAppError = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;
  const asContact = (contactId: string): AttachmentViewer => ({ kind: 'contact', contactId });

  test("the uploader's files of this ticket bind to the comment and are listed with it", async () => {
    const first = await uploadAs();
    const second = await uploadAs();
    const commentId = await insertComment(ticket.id, 'public');
    const bound = await bind(commentId, [second, first, first]);
    assert.deepEqual(
      bound.map((attachment) => [attachment.id, attachment.commentId]),
      [
        [first, commentId],
        [second, commentId],
      ],
    );
    const emptyComment = await insertComment(ticket.id, 'public');
    const listed = await inTenant((tx) =>
      attachmentsOfComments(tx, org.organizationId, [commentId, emptyComment]),
    );
    assert.deepEqual(listed.get(commentId), bound);
    assert.deepEqual(listed.get(emptyComment), []);
    assert.deepEqual(await bind(emptyComment, []), []);
  });

  test('unknown, already bound, foreign-ticket or foreign-uploader ids fail the whole bind with 422', async () => {
    const mine = await uploadAs();
    const alreadyBound = await uploadAs();
    await bind(await insertComment(ticket.id, 'public'), [alreadyBound]);
    const onOtherTicket = await uploadAs(org.owner.session, otherTicket.id);
    const byOtherAgent = await uploadAs(otherAgent.session);
    const commentId = await insertComment(ticket.id, 'public');
    for (const wrong of [newId(), alreadyBound, onOtherTicket, byOtherAgent]) {
      await assert.rejects(bind(commentId, [mine, wrong]), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'unprocessable');
        assert.deepEqual(error.details, { field: 'attachmentIds', invalidIds: [wrong] });
        return true;
      });
    }
    const [row] = await inTenant((tx) =>
      tx.query<{ comment_id: string | null }>(
        'select comment_id from attachments where organization_id = $1 and id = $2',
        [org.organizationId, mine],
      ),
    );
    assert.equal(row?.comment_id, null, 'nothing of a refused bind stays');
    const asOtherAgent = { type: 'agent' as const, id: otherAgent.id };
    assert.equal((await bind(commentId, [byOtherAgent], asOtherAgent)).length, 1);
  });

  test('a customer sees the files of public replies on their own tickets, and nothing else', async () => {
    const requester = ticket.requesterId;
    const stranger = otherTicket.requesterId;
    const publicFile = await uploadAs();
    await bind(await insertComment(ticket.id, 'public'), [publicFile]);
    const internalFile = await uploadAs();
    await bind(await insertComment(ticket.id, 'internal'), [internalFile]);
    const unboundAgentFile = await uploadAs();

    assert.equal((await find(publicFile, asContact(requester))).id, publicFile);
    for (const [attachmentId, contactId] of [
      [publicFile, stranger],
      [internalFile, requester],
      [unboundAgentFile, requester],
      [newId(), requester],
    ] as const) {
      await assert.rejects(find(attachmentId, asContact(contactId)), isAppError('not_found'));
    }
    for (const attachmentId of [publicFile, internalFile, unboundAgentFile]) {
      assert.equal((await find(attachmentId, { kind: 'agent' })).id, attachmentId);
    }
  });

  test("a customer's own upload is theirs alone until it is sent", async () => {
    const id = newId();
    await inTenant((tx) =>
      tx.query(
        `insert into attachments (organization_id, id, ticket_id, uploader_type, uploader_id, filename, content_type,
                                  size_bytes, sha256, storage_key)
         values ($1, $2, $3, 'contact', $4, 'photo.png', 'image/png', 1, $5, $6)`,
        [
          org.organizationId,
          id,
          ticket.id,
          ticket.requesterId,
          'a'.repeat(64),
          `${org.organizationId}/${id}`,
        ],
      ),
    );
    assert.equal((await find(id, asContact(ticket.requesterId))).storageKey, `${org.organizationId}/${id}`);
    await assert.rejects(find(id, asContact(otherTicket.requesterId)), isAppError('not_found'));
    const contactUploader = { type: 'contact' as const, id: ticket.requesterId };
    await assert.rejects(bind(await insertComment(ticket.id, 'public'), [id]), isAppError('unprocessable'));
    assert.equal((await bind(await insertComment(ticket.id, 'public'), [id], contactUploader)).length, 1);
  });

  test("after a merge a file follows its comment to the surviving ticket's requester", async () => {
    const duplicate = await createTicket(harness.app, org.owner.session);
    const survivor = await createTicket(harness.app, org.owner.session);
    const file = await uploadAs(org.owner.session, duplicate.id);
    await bind(
      await insertComment(duplicate.id, 'public'),
      [file],
      { type: 'agent', id: org.owner.id },
      duplicate.id,
    );
    const merged = await call(harness.app, 'POST', `/api/v1/tickets/${duplicate.id}/merge`, {
      as: org.owner.session,
      body: { targetTicketId: survivor.id },
    });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal((await find(file, asContact(survivor.requesterId))).id, file);
    await assert.rejects(find(file, asContact(duplicate.requesterId)), isAppError('not_found'));
  });

  test('another organization finds nothing, even as an agent', async () => {
    const file = await uploadAs();
    const other = await signUpOrganization(harness.app, 'Other');
    await assert.rejects(find(file, { kind: 'agent' }, other.organizationId), isAppError('not_found'));
  });
});

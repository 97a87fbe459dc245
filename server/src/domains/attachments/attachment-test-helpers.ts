import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import type { App } from '../../app.ts';
import { type Credentials, call, uniqueEmail } from '../../test/test-app.ts';
import type { AttachmentSummary } from './attachments.schemas.ts';

// Helpers for the attachment tests (and the API contract's resource matrix); not used by the server.

export type FilePart = { filename: string; content: Buffer; contentType?: string; name?: string };

/** A multipart/form-data body as a browser sends it, with the client's (untrusted) Content-Type. */
export function multipartBody(part: FilePart): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----actionconnect${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${part.name ?? 'file'}"; filename="${part.filename.replaceAll('"', '\\"')}"\r\n` +
    `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), part.content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function uploadFile(app: App, as: Credentials, ticketId: string, part: FilePart) {
  const { payload, headers } = multipartBody(part);
  return call(app, 'POST', `/api/v1/tickets/${ticketId}/attachments`, { as, body: payload, headers });
}

export async function createTicket(app: App, as: Credentials, requesterEmail = uniqueEmail('requester')) {
  const response = await call(app, 'POST', '/api/v1/tickets', {
    as,
    body: { subject: 'Screenshot attached', requester: { email: requesterEmail } },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ id: string; requesterId: string }>();
}

/** A new ticket with one small text attachment; returns the attachment's id. */
export async function uploadTestAttachment(app: App, as: Credentials): Promise<string> {
  const ticket = await createTicket(app, as);
  const response = await uploadFile(app, as, ticket.id, {
    filename: 'notes.txt',
    content: Buffer.from('hi'),
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<AttachmentSummary>().id;
}

/** A real 1×1 PNG: signature, IHDR, IDAT and IEND chunks with their CRCs. */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

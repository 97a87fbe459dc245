import { ApiError, csrfToken } from '../../api/client.ts';
import type { Attachment } from '../../api/types.ts';

/**
 * Uploads one file before the comment is sent (multipart, which the typed JSON client does not model);
 * the comment then names it in attachmentIds.
 */
export async function uploadAttachment(ticketId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/v1/tickets/${ticketId}/attachments`, {
    method: 'POST',
    body: form,
    credentials: 'include',
    headers: { 'x-csrf-token': csrfToken() ?? '' },
  });
  const body = (await response.json()) as Attachment & { error?: { code: string; message: string } };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? 'Upload failed',
    );
  }
  return body;
}

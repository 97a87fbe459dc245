import { ApiError, csrfToken } from '../../api/client.ts';
import type { Upload } from '../portal-types.ts';

/**
 * Uploads one file for a request (multipart, which the typed JSON client does not model): to the
 * request itself, or before it exists (`/api/v1/portal/uploads`); the reply or form then names it.
 */
export async function uploadFile(path: string, file: File): Promise<Upload> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(path, {
    method: 'POST',
    body: form,
    credentials: 'include',
    headers: { 'x-csrf-token': csrfToken('portal') ?? '' },
  });
  const body = (await response.json()) as Upload & { error?: { code: string; message: string } };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? 'Upload failed',
    );
  }
  return body;
}

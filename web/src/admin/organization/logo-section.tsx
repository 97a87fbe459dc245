import type { ChangeEvent } from 'react';
import { ApiError, api, csrfToken, unwrap } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type Organization = ResponseOf<'/api/v1/organization', 'get'>;
const ORGANIZATION = [['organization']];

// Multipart, which the typed JSON client does not model (as the agent console's attachment upload).
async function uploadLogo(file: File): Promise<Organization> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch('/api/v1/organization/logo', {
    method: 'PUT',
    body: form,
    credentials: 'include',
    headers: { 'x-csrf-token': csrfToken() ?? '' },
  });
  const body = (await response.json()) as Organization & { error?: { code: string; message: string } };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? 'Upload failed',
    );
  }
  return body;
}

/** The portal's logo: PNG, JPEG or WebP up to 512 KB (the server checks the content, not the name). */
export function LogoSection({ organization }: { organization: Organization }) {
  const upload = useAdminMutation({
    mutationFn: uploadLogo,
    invalidates: ORGANIZATION,
    success: 'Logo uploaded',
  });
  const remove = useAdminMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/organization/logo')),
    invalidates: ORGANIZATION,
    success: 'Logo removed',
  });
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Emptied at once, so choosing the same file again (after fixing it) uploads again.
    event.target.value = '';
    if (file) upload.mutate(file);
  };
  return (
    <section className="fieldset admin-section" aria-labelledby="logo-heading">
      <h2 id="logo-heading">Portal logo</h2>
      {organization.logoUrl ? (
        <img className="logo-preview" src={organization.logoUrl} alt={`${organization.name} logo`} />
      ) : (
        <p className="muted">No logo: the portal shows the organization's name.</p>
      )}
      <div className="field">
        <label htmlFor="logo-file">Upload a logo</label>
        <input
          id="logo-file"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby="logo-hint"
          onChange={choose}
          disabled={upload.isPending}
        />
        <span id="logo-hint" className="field-hint">
          PNG, JPEG or WebP, at most 512 KB
        </span>
      </div>
      {organization.logoUrl && (
        <Button disabled={remove.isPending} onClick={() => remove.mutate()}>
          Remove logo
        </Button>
      )}
      <FormError error={upload.error ?? remove.error} />
    </section>
  );
}

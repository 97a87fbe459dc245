import type { FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useOrganization } from '../../api/lookups.ts';
import type { BodyOf, ResponseOf } from '../../api/types.ts';
import { Button, Checkbox, InlineError, Skeleton, TextArea, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { LogoSection } from './logo-section.tsx';

type Organization = ResponseOf<'/api/v1/organization', 'get'>;
type OrganizationChanges = BodyOf<'/api/v1/organization', 'patch'>;

const MEGABYTE = 1024 * 1024;
const FIELDS_WITH_OWN_ERROR = [
  'name',
  'timeZone',
  'defaultLanguage',
  'supportAddresses',
  'attachmentMaxBytes',
  'attachmentQuotaBytes',
  'brandColor',
];

// Limits are edited in megabytes; an empty box means "the server's own limit" (null).
const toMegabytes = (bytes: number | null) => (bytes === null ? '' : String(bytes / MEGABYTE));
const toBytes = (megabytes: string) =>
  megabytes.trim() === '' ? null : Math.round(Number(megabytes) * MEGABYTE);

/** The organization's name, how it works (reopening, attachment limits) and how its portal looks. */
export function OrganizationPage() {
  const organization = useOrganization();
  return (
    <>
      <h1>Organization</h1>
      {organization.isPending ? (
        <Skeleton lines={6} />
      ) : organization.isError ? (
        <InlineError>The organization could not be loaded: {organization.error.message}</InlineError>
      ) : (
        <>
          <ProfileForm organization={organization.data} />
          <LogoSection organization={organization.data} />
        </>
      )}
    </>
  );
}

function ProfileForm({ organization }: { organization: Organization }) {
  const save = useAdminMutation({
    mutationFn: async (body: OrganizationChanges) =>
      unwrap(await api.PATCH('/api/v1/organization', { body })),
    invalidates: [['organization'], ['me']],
    success: 'Organization settings saved',
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    save.mutate({
      name: text('name'),
      timeZone: text('timeZone'),
      defaultLanguage: text('defaultLanguage'),
      supportAddresses: text('supportAddresses')
        .split(/[\s,]+/)
        .filter(Boolean),
      reopenOnCustomerReply: data.get('reopenOnCustomerReply') === 'on',
      attachmentMaxBytes: toBytes(text('attachmentMaxBytes')),
      attachmentQuotaBytes: toBytes(text('attachmentQuotaBytes')),
      brandColor: text('brandColor'),
    });
  };
  const error = (field: string) => fieldError(save.error, field);
  return (
    <form onSubmit={submit} aria-label="Organization settings">
      <fieldset className="fieldset">
        <legend>Profile</legend>
        <div className="form-grid">
          <TextField
            label="Name"
            name="name"
            required
            defaultValue={organization.name}
            error={error('name')}
          />
          <TextField label="Portal address" readOnly value={organization.slug} hint="Fixed at sign-up" />
          <TextField
            label="Time zone"
            name="timeZone"
            required
            defaultValue={organization.timeZone}
            hint="An IANA name, e.g. Europe/Paris"
            error={error('timeZone')}
          />
          <TextField
            label="Default language"
            name="defaultLanguage"
            required
            defaultValue={organization.defaultLanguage}
            hint="A language tag, e.g. en or pt-BR"
            error={error('defaultLanguage')}
          />
        </div>
        <TextArea
          label="Support email addresses"
          name="supportAddresses"
          rows={2}
          className="input short-text"
          defaultValue={organization.supportAddresses.join('\n')}
          hint="One per line; mail to them becomes tickets"
          error={error('supportAddresses')}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Tickets and attachments</legend>
        <div className="stack">
          <Checkbox
            label="Reopen a pending or solved ticket when the customer replies"
            name="reopenOnCustomerReply"
            defaultChecked={organization.reopenOnCustomerReply}
          />
        </div>
        <div className="form-grid">
          <TextField
            label="Largest attachment (MB)"
            name="attachmentMaxBytes"
            type="number"
            min={0}
            step="any"
            defaultValue={toMegabytes(organization.attachmentMaxBytes)}
            hint="Empty: the server's limit"
            error={error('attachmentMaxBytes')}
          />
          <TextField
            label="All attachments together (MB)"
            name="attachmentQuotaBytes"
            type="number"
            min={0}
            step="any"
            defaultValue={toMegabytes(organization.attachmentQuotaBytes)}
            hint="Empty: the server's quota"
            error={error('attachmentQuotaBytes')}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Portal</legend>
        <TextField
          label="Brand colour"
          name="brandColor"
          type="color"
          className="input input-color"
          defaultValue={organization.brandColor}
          hint="The customer portal's accent colour"
          error={error('brandColor')}
        />
      </fieldset>
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}

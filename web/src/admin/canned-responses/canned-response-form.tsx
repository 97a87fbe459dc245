import type { FormEvent } from 'react';
import { useState } from 'react';
import type { CannedResponse } from '../../api/types.ts';
import { Button, Select, TextArea, TextField, Toggle } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { CANNED_RESPONSES, type Folder, saveCannedResponse } from './canned-api.ts';

// The names the server accepts (canned-template.ts); it refuses any other, and says so next to the body.
const PLACEHOLDERS = [
  'requester.name',
  'requester.first_name',
  'requester.email',
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'agent.name',
  'agent.first_name',
  'agent.email',
  'organization.name',
];

type Scope = CannedResponse['scope'];

type CannedResponseFormProps = { response: CannedResponse | null; folders: Folder[]; onSaved: () => void };

export function CannedResponseForm({ response, folders, onSaved }: CannedResponseFormProps) {
  const [scope, setScope] = useState<Scope>(response?.scope ?? 'shared');
  const save = useAdminMutation({
    mutationFn: saveCannedResponse,
    invalidates: [CANNED_RESPONSES],
    success: (saved) => `“${saved.title}” saved`,
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({
      ...(response ? { id: response.id } : {}),
      title: String(data.get('title')).trim(),
      body: String(data.get('body')),
      folderId: String(data.get('folderId')) || null,
      scope,
    });
  };
  return (
    <form onSubmit={submit}>
      {response ? (
        <p className="muted">
          {response.scope === 'shared' ? 'Shared with every agent' : 'Personal: only you see it'}
        </p>
      ) : (
        <div className="field">
          <Toggle<Scope>
            label="Who sees it"
            value={scope}
            options={[
              { value: 'shared', label: 'Shared with every agent' },
              { value: 'personal', label: 'Only me' },
            ]}
            onChange={setScope}
          />
        </div>
      )}
      <TextField
        label="Title"
        name="title"
        required
        maxLength={200}
        defaultValue={response?.title}
        error={fieldError(save.error, 'title')}
      />
      <Select
        label="Folder"
        name="folderId"
        emptyLabel="No folder"
        defaultValue={response?.folderId ?? ''}
        options={folders.map((folder) => ({ value: folder.id, label: folder.name }))}
      />
      <TextArea
        label="Body"
        name="body"
        required
        maxLength={20_000}
        defaultValue={response?.body}
        hint={`Placeholders: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(' ')}`}
        error={fieldError(save.error, 'body')}
      />
      <FormError error={save.error} fields={['title', 'body']} />
      <div className="dialog-actions">
        <Button onClick={onSaved}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {response ? 'Save response' : 'Create response'}
        </Button>
      </div>
    </form>
  );
}

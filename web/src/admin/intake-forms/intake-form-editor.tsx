import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePriorities, useTeams, useTicketFields } from '../../api/lookups.ts';
import { Button, Checkbox, Select, TextArea, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { type FormFieldDraft, FormFieldsEditor } from './form-fields-editor.tsx';
import { INTAKE_FORMS, type IntakeForm, type IntakeFormInput, saveIntakeForm } from './intake-form-api.ts';

type Draft = {
  name: string;
  description: string;
  isActive: boolean;
  fields: FormFieldDraft[];
  teamId: string;
  priorityId: string;
  tags: string;
};

const draftOf = (form: IntakeForm | null): Draft => ({
  name: form?.name ?? '',
  description: form?.description ?? '',
  isActive: form?.isActive ?? true,
  fields: (form?.fields ?? []).map((field) => ({
    fieldKey: field.fieldKey,
    label: field.label ?? '',
    helpText: field.helpText ?? '',
    required: field.required,
  })),
  teamId: form?.defaults.teamId ?? '',
  priorityId: form?.defaults.priorityId ?? '',
  tags: form?.defaults.tags.join(', ') ?? '',
});

const inputOf = (draft: Draft): IntakeFormInput => ({
  name: draft.name.trim(),
  description: draft.description.trim(),
  isActive: draft.isActive,
  fields: draft.fields.map((field, position) => ({
    fieldKey: field.fieldKey,
    label: field.label.trim() || null,
    helpText: field.helpText.trim() || null,
    required: field.required,
    position,
  })),
  defaults: {
    teamId: draft.teamId || null,
    priorityId: draft.priorityId || null,
    tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
  },
});

const FIELDS_WITH_OWN_ERROR = ['name', 'description', 'fields', 'defaults.tags'];

export function IntakeFormEditor({ form }: { form: IntakeForm | null }) {
  const navigate = useNavigate();
  const teams = useTeams();
  const priorities = usePriorities();
  const ticketFields = useTicketFields();
  const [draft, setDraft] = useState(() => draftOf(form));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useAdminMutation({
    mutationFn: saveIntakeForm,
    invalidates: [INTAKE_FORMS],
    success: (saved) => `Form “${saved.name}” saved`,
    onSuccess: () => navigate('/admin/forms'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...(form ? { id: form.id } : {}), ...inputOf(draft) });
  };
  const available = (ticketFields.data ?? []).filter(
    (field) => !field.archivedAt && field.visibleToCustomers,
  );
  const error = (field: string) => fieldError(save.error, field);
  return (
    <form onSubmit={submit}>
      <TextField
        label="Name"
        required
        maxLength={100}
        value={draft.name}
        onChange={(event) => set('name', event.target.value)}
        error={error('name')}
      />
      <TextArea
        label="Description"
        hint="Shown to customers above the form"
        maxLength={2000}
        className="input short-text"
        value={draft.description}
        onChange={(event) => set('description', event.target.value)}
        error={error('description')}
      />
      <div className="stack">
        <Checkbox
          label="Enabled: offered on the customer portal"
          checked={draft.isActive}
          onChange={(event) => set('isActive', event.target.checked)}
        />
      </div>
      <FormFieldsEditor
        fields={draft.fields}
        available={available}
        onChange={(fields) => set('fields', fields)}
        error={error('fields')}
      />
      <fieldset className="fieldset">
        <legend>Tickets from this form get</legend>
        <div className="form-grid">
          <Select
            label="Team"
            emptyLabel="No team"
            value={draft.teamId}
            options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            onChange={(event) => set('teamId', event.target.value)}
          />
          <Select
            label="Priority"
            emptyLabel="The default priority"
            value={draft.priorityId}
            options={(priorities.data ?? []).map((priority) => ({
              value: priority.id,
              label: priority.name,
            }))}
            onChange={(event) => set('priorityId', event.target.value)}
          />
        </div>
        <TextField
          label="Tags"
          hint="Separated by commas; no spaces inside a tag"
          value={draft.tags}
          onChange={(event) => set('tags', event.target.value)}
          error={error('defaults.tags')}
        />
      </fieldset>
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        {form ? 'Save form' : 'Create form'}
      </Button>
    </form>
  );
}

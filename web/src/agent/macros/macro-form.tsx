import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useAgents, usePriorities, useStatuses, useTeams } from '../../api/lookups.ts';
import type { Macro } from '../../api/types.ts';
import { Button, InlineError, Select, TextArea, TextField, Toggle, useToast } from '../../ui/index.ts';
import { useAgent } from '../session.tsx';
import { actionsOf, fieldsOf, type MacroFields, NONE } from './macro-actions.ts';
import { MACROS_KEY } from './use-macros.ts';

type Scope = Macro['scope'];
type MacroFormProps = { macro: Macro | null; onDone: () => void };

const options = (list: { id: string; name: string }[] | undefined) =>
  (list ?? []).map((item) => ({ value: item.id, label: item.name }));

/** Name, scope and the actions a macro applies, in a plain form; the server checks every id and placeholder. */
export function MacroForm({ macro, onDone }: MacroFormProps) {
  const me = useAgent();
  const statuses = useStatuses();
  const priorities = usePriorities();
  const teams = useTeams();
  const agents = useAgents();
  const canned = useQuery({
    queryKey: ['canned-responses', ''],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/canned-responses', { params: { query: { limit: 100 } } })).items,
  });
  const [scope, setScope] = useState<Scope>(macro?.scope ?? 'personal');
  const [fields, setFields] = useState<MacroFields>(() => fieldsOf(macro));
  const notify = useToast();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (body: { name: string; description: string }) => {
      const actions = actionsOf(fields, macro?.actions ?? []);
      if (macro) {
        return unwrap(
          await api.PATCH('/api/v1/macros/{id}', {
            params: { path: { id: macro.id } },
            body: { ...body, actions },
          }),
        );
      }
      return unwrap(await api.POST('/api/v1/macros', { body: { ...body, scope, actions } }));
    },
    onSuccess: (saved) => {
      notify(`Macro “${saved.name}” saved`);
      queryClient.invalidateQueries({ queryKey: MACROS_KEY });
      onDone();
    },
  });
  const set = (key: keyof MacroFields) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({ name: String(data.get('name')).trim(), description: String(data.get('description')) });
  };
  const none = { value: NONE, label: 'None' };
  const isAdmin = me.agent.role !== 'agent';
  return (
    <form onSubmit={submit} className="macro-form" aria-label={macro ? `Edit ${macro.name}` : 'New macro'}>
      <TextField label="Name" name="name" required maxLength={200} defaultValue={macro?.name} />
      <TextField label="Description" name="description" maxLength={1000} defaultValue={macro?.description} />
      {!macro && isAdmin && (
        <Toggle<Scope>
          label="Who can use it"
          value={scope}
          options={[
            { value: 'personal', label: 'Only me' },
            { value: 'shared', label: 'Every agent' },
          ]}
          onChange={setScope}
        />
      )}
      <fieldset className="macro-actions">
        <legend>Actions (empty ones are left out)</legend>
        <Select
          label="Set status"
          emptyLabel="Keep"
          value={fields.statusId}
          onChange={set('statusId')}
          options={options(statuses.data)}
        />
        <Select
          label="Set priority"
          emptyLabel="Keep"
          value={fields.priorityId}
          onChange={set('priorityId')}
          options={options(priorities.data)}
        />
        <Select
          label="Set team"
          emptyLabel="Keep"
          value={fields.teamId}
          onChange={set('teamId')}
          options={[none, ...options(teams.data)]}
        />
        <Select
          label="Assign to"
          emptyLabel="Keep"
          value={fields.assigneeId}
          onChange={set('assigneeId')}
          options={[none, ...options(agents.data)]}
        />
        <TextField
          label="Add tags"
          hint="Separated by commas"
          value={fields.addTags}
          onChange={set('addTags')}
        />
        <TextField label="Remove tags" value={fields.removeTags} onChange={set('removeTags')} />
        <TextArea label="Internal note" rows={2} value={fields.note} onChange={set('note')} />
        <Select
          label="Reply with a canned response"
          emptyLabel="No canned response"
          value={fields.cannedResponseId}
          onChange={set('cannedResponseId')}
          options={(canned.data ?? []).map((item) => ({ value: item.id, label: item.title }))}
        />
        <TextArea
          label="Or reply with this text"
          hint="Placeholders such as {{requester.first_name}} or {{ticket.number}} are filled in"
          rows={3}
          value={fields.replyBody}
          disabled={Boolean(fields.cannedResponseId)}
          onChange={set('replyBody')}
        />
      </fieldset>
      {save.isError && <InlineError>Not saved: {save.error.message}</InlineError>}
      <div className="dialog-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save macro'}
        </Button>
      </div>
    </form>
  );
}

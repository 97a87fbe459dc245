import { type FormEvent, useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button, Select, TextField } from '../../ui/index.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';

type Team = ResponseOf<'/api/v1/teams/{id}', 'get'>;
type Agent = ResponseOf<'/api/v1/agents/{id}', 'get'>;

const TEAM_LISTS = [['teams']];

export function TeamCard({ team, agents }: { team: Team; agents: Agent[] }) {
  const headingId = useId();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const path = { params: { path: { id: team.id } } };
  const rename = useAdminMutation({
    mutationFn: async (body: { name: string; description: string }) =>
      unwrap(await api.PATCH('/api/v1/teams/{id}', { ...path, body })),
    invalidates: TEAM_LISTS,
    success: 'Team saved',
  });
  const remove = useAdminMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/teams/{id}', path)),
    invalidates: TEAM_LISTS,
    success: `Team “${team.name}” deleted`,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    rename.mutate({
      name: String(data.get('name')).trim(),
      description: String(data.get('description')).trim(),
    });
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>{team.name}</h2>
        <Button size="small" onClick={() => setConfirmingDelete(true)}>
          Delete team
        </Button>
      </div>
      <form className="inline-form" onSubmit={submit}>
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          defaultValue={team.name}
          error={fieldError(rename.error, 'name')}
        />
        <TextField label="Description" name="description" maxLength={1000} defaultValue={team.description} />
        <Button type="submit" disabled={rename.isPending}>
          Save
        </Button>
      </form>
      <FormError error={rename.error} fields={['name']} />
      <Members team={team} agents={agents} />
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete the team “${team.name}”?`}
        confirmLabel="Delete team"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmingDelete(false)}
      >
        <p>Its tickets stay, with no team. Its members stay agents.</p>
      </ConfirmDialog>
    </section>
  );
}

function Members({ team, agents }: { team: Team; agents: Agent[] }) {
  const [chosenId, setChosenId] = useState('');
  const membership = useAdminMutation({
    mutationFn: async ({ agentId, change }: { agentId: string; change: 'add' | 'remove' }) => {
      const path = { params: { path: { id: team.id, agentId } } };
      return unwrap(
        change === 'add'
          ? await api.PUT('/api/v1/teams/{id}/members/{agentId}', path)
          : await api.DELETE('/api/v1/teams/{id}/members/{agentId}', path),
      );
    },
    invalidates: TEAM_LISTS,
    success: (_team, { agentId, change }) =>
      `${nameOf(agentId)} ${change === 'add' ? 'added to' : 'removed from'} ${team.name}`,
    onSuccess: () => setChosenId(''),
  });
  const nameOf = (id: string) => agents.find((agent) => agent.id === id)?.name ?? 'Agent';
  const candidates = agents.filter((agent) => agent.isActive && !team.memberIds.includes(agent.id));
  return (
    <>
      <h3>Members</h3>
      {team.memberIds.length === 0 ? (
        <p className="muted">No members yet.</p>
      ) : (
        <ul className="member-list">
          {team.memberIds.map((id) => (
            <li key={id}>
              {nameOf(id)}
              <Button
                size="small"
                variant="ghost"
                onClick={() => membership.mutate({ agentId: id, change: 'remove' })}
              >
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">
                  Remove {nameOf(id)} from {team.name}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-form">
        <Select
          label={`Add an agent to ${team.name}`}
          emptyLabel="Choose an agent"
          value={chosenId}
          options={candidates.map((agent) => ({ value: agent.id, label: agent.name }))}
          onChange={(event) => setChosenId(event.target.value)}
        />
        <Button
          disabled={!chosenId || membership.isPending}
          onClick={() => membership.mutate({ agentId: chosenId, change: 'add' })}
        >
          Add to team
        </Button>
      </div>
      <FormError error={membership.error} />
    </>
  );
}

import type { FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useAgents, useTeams } from '../../api/lookups.ts';
import { Button, EmptyState, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { TeamCard } from './team-card.tsx';

/** Teams route tickets to groups of agents; each card renames, deletes and changes members. */
export function TeamsPage() {
  const teams = useTeams();
  const agents = useAgents();
  return (
    <>
      <h1>Teams</h1>
      <NewTeamForm />
      <QueryList
        query={teams}
        noun="Teams"
        lines={4}
        empty={<EmptyState title="No teams yet">Create one above, then add agents to it.</EmptyState>}
      >
        {(items) => items.map((team) => <TeamCard key={team.id} team={team} agents={agents.data ?? []} />)}
      </QueryList>
    </>
  );
}

function NewTeamForm() {
  const create = useAdminMutation({
    mutationFn: async (body: { name: string; description: string }) =>
      unwrap(await api.POST('/api/v1/teams', { body })),
    invalidates: [['teams']],
    success: (team) => `Team “${team.name}” created`,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate(
      { name: String(data.get('name')).trim(), description: String(data.get('description')).trim() },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section className="admin-section" aria-labelledby="new-team-heading">
      <h2 id="new-team-heading">New team</h2>
      <form className="inline-form" onSubmit={submit}>
        <TextField
          label="Team name"
          name="name"
          required
          maxLength={100}
          error={fieldError(create.error, 'name')}
        />
        <TextField label="Description" name="description" maxLength={1000} />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create team
        </Button>
      </form>
      <FormError error={create.error} fields={['name']} />
    </section>
  );
}

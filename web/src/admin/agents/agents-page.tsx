import { formatTime, useTimeZone } from '../../agent/format.ts';
import { useAgent } from '../../agent/session.tsx';
import { api, unwrap } from '../../api/client.ts';
import { useAgents } from '../../api/lookups.ts';
import type { ResponseOf } from '../../api/types.ts';
import { Button, EmptyState, Table } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { InvitationsSection } from './invitations-section.tsx';

type Agent = ResponseOf<'/api/v1/agents/{id}', 'get'>;
type AgentChanges = { role?: Agent['role']; isActive?: boolean };

const ROLES: { value: Agent['role']; label: string }[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'admin', label: 'Admin' },
  { value: 'owner', label: 'Owner' },
];

/** Who works here and with which role; deactivated agents keep their history but cannot sign in. */
export function AgentsPage() {
  const agents = useAgents();
  const me = useAgent();
  const update = useAdminMutation({
    mutationFn: async ({ id, ...body }: AgentChanges & { id: string }) =>
      unwrap(await api.PATCH('/api/v1/agents/{id}', { params: { path: { id } }, body })),
    invalidates: [['agents']],
    success: (agent) => `${agent.name} is now ${agent.isActive ? `an active ${agent.role}` : 'deactivated'}`,
  });
  return (
    <>
      <h1>Agents and invitations</h1>
      <section className="admin-section" aria-labelledby="agents-heading">
        <h2 id="agents-heading">Agents</h2>
        <QueryList query={agents} noun="Agents" lines={3} empty={<EmptyState title="No agents" />}>
          {(items) => (
            <Table caption="Agents">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((agent) => (
                  <AgentRow
                    key={agent.id}
                    agent={agent}
                    isMe={agent.id === me.agent.id}
                    pending={update.isPending}
                    onChange={(changes) => update.mutate({ id: agent.id, ...changes })}
                  />
                ))}
              </tbody>
            </Table>
          )}
        </QueryList>
        <FormError error={update.error} />
      </section>
      <InvitationsSection />
    </>
  );
}

type AgentRowProps = {
  agent: Agent;
  isMe: boolean;
  pending: boolean;
  onChange: (changes: AgentChanges) => void;
};

function AgentRow({ agent, isMe, pending, onChange }: AgentRowProps) {
  const timeZone = useTimeZone();
  return (
    <tr>
      <td>
        {agent.name}
        {isMe && <span className="muted"> (you)</span>}
      </td>
      <td>{agent.email}</td>
      <td>
        <select
          className="input"
          aria-label={`Role of ${agent.name}`}
          value={agent.role}
          disabled={isMe || pending}
          onChange={(event) => onChange({ role: event.target.value as Agent['role'] })}
        >
          {ROLES.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </select>
      </td>
      <td>{agent.isActive ? 'Active' : 'Deactivated'}</td>
      <td>{agent.lastLoginAt ? formatTime(agent.lastLoginAt, timeZone) : 'Never'}</td>
      <td className="actions">
        {!isMe && (
          <Button size="small" disabled={pending} onClick={() => onChange({ isActive: !agent.isActive })}>
            {agent.isActive ? 'Deactivate' : 'Reactivate'}
            <span className="visually-hidden"> {agent.name}</span>
          </Button>
        )}
      </td>
    </tr>
  );
}

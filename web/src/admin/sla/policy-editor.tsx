import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePriorities, useTeams, useTicketFields } from '../../api/lookups.ts';
import { Button, Checkbox, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { PolicyClockFields } from './policy-clock-fields.tsx';
import { PolicyConditionsFields } from './policy-conditions-fields.tsx';
import { type PolicyDraft, policyDraftOf, policyInputOf } from './policy-draft.ts';
import { PolicyTargetsFields } from './policy-targets-fields.tsx';
import { POLICIES, type Policy, savePolicy, useCalendars } from './sla-api.ts';

const FIELDS_WITH_OWN_ERROR = ['name', 'conditions', 'targets', 'calendarId', 'pausableTimers', 'atRisk'];

/** Every part of a new (null) or saved policy; saving goes back to the list, where the order is. */
export function PolicyEditor({ policy }: { policy: Policy | null }) {
  const navigate = useNavigate();
  const priorities = usePriorities();
  const teams = useTeams();
  const ticketFields = useTicketFields();
  const calendars = useCalendars();
  const [draft, setDraft] = useState(() => policyDraftOf(policy));
  const change = (changes: Partial<PolicyDraft>) => setDraft((current) => ({ ...current, ...changes }));
  const save = useAdminMutation({
    mutationFn: savePolicy,
    invalidates: [POLICIES],
    success: (saved) => `Policy “${saved.name}” saved`,
    onSuccess: () => navigate('/admin/sla-policies'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...(policy ? { id: policy.id } : {}), ...policyInputOf(draft, ticketFields.data ?? []) });
  };
  return (
    <form onSubmit={submit} aria-label="SLA policy">
      <TextField
        label="Name"
        required
        maxLength={100}
        value={draft.name}
        onChange={(event) => change({ name: event.target.value })}
        error={fieldError(save.error, 'name')}
      />
      <div className="stack">
        <Checkbox
          label="Enabled: tickets are matched against it"
          checked={draft.enabled}
          onChange={(event) => change({ enabled: event.target.checked })}
        />
      </div>
      <PolicyConditionsFields
        draft={draft}
        onChange={change}
        priorities={priorities.data ?? []}
        teams={teams.data ?? []}
        fields={ticketFields.data ?? []}
        error={save.error}
      />
      <PolicyTargetsFields
        targets={draft.targets}
        priorities={priorities.data ?? []}
        onChange={(targets) => change({ targets })}
        error={save.error}
      />
      <PolicyClockFields
        draft={draft}
        onChange={change}
        calendars={calendars.data ?? []}
        error={save.error}
      />
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        {policy ? 'Save policy' : 'Create policy'}
      </Button>
    </form>
  );
}

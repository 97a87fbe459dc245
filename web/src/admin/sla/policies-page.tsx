import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { nameOf, usePriorities } from '../../api/lookups.ts';
import { Badge, Button, EmptyState } from '../../ui/index.ts';
import { DeleteDialog } from '../delete-dialog.tsx';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { moveItem } from '../ticket-options/move-item.ts';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { useReorder } from '../use-reorder.ts';
import { formatDuration } from './policy-draft.ts';
import {
  type Calendar,
  deletePolicy,
  POLICIES,
  type Policy,
  reorderPolicies,
  setPolicyEnabled,
  useCalendars,
  usePolicies,
} from './sla-api.ts';

/** SLA policies in the order tickets are matched against them: the first enabled match applies. */
export function PoliciesPage() {
  const policies = usePolicies();
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const reorder = useReorder(POLICIES, reorderPolicies);
  const toggle = useAdminMutation({
    mutationFn: setPolicyEnabled,
    invalidates: [POLICIES],
    success: (policy) => `“${policy.name}” is ${policy.enabled ? 'enabled' : 'disabled'}`,
  });
  const remove = useAdminMutation({
    mutationFn: deletePolicy,
    invalidates: [POLICIES],
    success: 'Policy deleted',
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <div className="section-header">
        <h1>SLA policies</h1>
        <Link className="btn btn-primary" to="/admin/sla-policies/new">
          New policy
        </Link>
      </div>
      <p className="muted">
        A ticket gets the targets of the first enabled policy, from the top, whose conditions it meets; the
        policies below it are not looked at.
      </p>
      <QueryList
        query={policies}
        noun="Policies"
        empty={
          <EmptyState title="No SLA policies yet">Tickets have no targets until one matches.</EmptyState>
        }
      >
        {(items) => (
          <PolicyList
            policies={items}
            onMove={(from, to) => {
              const moved = items[from];
              reorder.mutate(
                moveItem(
                  items.map((policy) => policy.id),
                  from,
                  to,
                ),
              );
              setAnnouncement(`${moved?.name} moved to position ${to + 1} of ${items.length}`);
            }}
            onToggle={(policy) => toggle.mutate({ id: policy.id, enabled: !policy.enabled })}
            onDelete={setDeleting}
          />
        )}
      </QueryList>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <FormError error={toggle.error} />
      <DeleteDialog noun="policy" item={deleting} remove={remove} onClose={() => setDeleting(null)}>
        <p>Tickets it matched get the targets of the next policy that matches them.</p>
      </DeleteDialog>
    </>
  );
}

type PolicyListProps = {
  policies: Policy[];
  onMove: (from: number, to: number) => void;
  onToggle: (policy: Policy) => void;
  onDelete: (policy: Policy) => void;
};

const moveButtonId = (direction: 'up' | 'down', id: string) => `move-policy-${direction}-${id}`;

function PolicyList({ policies, onMove, onToggle, onDelete }: PolicyListProps) {
  const calendars = useCalendars();
  const [focusId, setFocusId] = useState<string | null>(null);
  // The moved row is drawn again in its new place; keyboard focus follows it there.
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId]);
  const move = (index: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    const policy = policies[index];
    if (!policy) return;
    const atEdge = to === 0 || to === policies.length - 1;
    setFocusId(moveButtonId(atEdge ? (direction === 'up' ? 'down' : 'up') : direction, policy.id));
    onMove(index, to);
  };
  return (
    <ol className="option-list" aria-label="SLA policies">
      {policies.map((policy, index) => (
        <li key={policy.id} className="option-row policy-row">
          <span className="option-name">
            <Link to={`/admin/sla-policies/${policy.id}`}>{policy.name}</Link>
          </span>
          <span className="option-details">
            <PolicySummary policy={policy} calendars={calendars.data ?? []} />
          </span>
          <span className="option-actions">
            <Button
              id={moveButtonId('up', policy.id)}
              size="small"
              variant="ghost"
              disabled={index === 0}
              onClick={() => move(index, 'up')}
            >
              <span aria-hidden="true">↑</span>
              <span className="visually-hidden">Move {policy.name} up</span>
            </Button>
            <Button
              id={moveButtonId('down', policy.id)}
              size="small"
              variant="ghost"
              disabled={index === policies.length - 1}
              onClick={() => move(index, 'down')}
            >
              <span aria-hidden="true">↓</span>
              <span className="visually-hidden">Move {policy.name} down</span>
            </Button>
            <Button size="small" onClick={() => onToggle(policy)}>
              {policy.enabled ? 'Disable' : 'Enable'}
              <span className="visually-hidden"> {policy.name}</span>
            </Button>
            <Button size="small" onClick={() => onDelete(policy)}>
              Delete<span className="visually-hidden"> {policy.name}</span>
            </Button>
          </span>
        </li>
      ))}
    </ol>
  );
}

function PolicySummary({ policy, calendars }: { policy: Policy; calendars: Calendar[] }) {
  const priorities = usePriorities();
  const conditionCount = Object.keys(policy.conditions).length;
  const calendar = policy.calendarId ? nameOf(calendars, policy.calendarId) : 'default calendar';
  const targetName = (priorityId: string | null) =>
    priorityId ? (nameOf(priorities.data, priorityId) ?? 'a deleted priority') : 'other priorities';
  return (
    <>
      {!policy.enabled && <Badge tone="note">Disabled</Badge>}
      <Badge>
        {conditionCount === 0
          ? 'Every ticket'
          : `${conditionCount} condition${conditionCount === 1 ? '' : 's'}`}
      </Badge>
      <Badge>{policy.hours === 'business' ? `Business hours, ${calendar}` : 'Calendar hours'}</Badge>
      {policy.targets.map((target) => (
        <Badge key={target.priorityId ?? 'other'}>
          {targetName(target.priorityId)}: first response {formatDuration(target.firstResponseMinutes) || '—'}
          , resolution {formatDuration(target.resolutionMinutes) || '—'}
        </Badge>
      ))}
    </>
  );
}

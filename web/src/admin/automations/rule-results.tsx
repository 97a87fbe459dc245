import { Badge } from '../../ui/index.ts';
import type { ConditionResult, FieldChange, Rule } from './automations-api.ts';
import { CONDITION_KINDS } from './condition-kinds.tsx';
import { describeValue } from './field-values.ts';
import { kindNamed, type RuleLookups } from './rule-kinds.tsx';

const FIELD_LABELS: Record<string, string> = {
  subject: 'Subject',
  statusId: 'Status',
  priorityId: 'Priority',
  teamId: 'Team',
  assigneeId: 'Assignee',
  tags: 'Tags',
  note: 'Internal note',
  email: 'Email',
  webhook: 'Webhook',
};

const fieldLabel = (field: string) =>
  FIELD_LABELS[field] ?? (field.startsWith('customFields.') ? `Custom field ${field.slice(13)}` : field);

/** "Condition 1", "Alternative 2": the names the editor gives the rows at `all.0`, `any.1`. */
function conditionName(path: string): string {
  const [group, index] = path.split('.');
  return `${group === 'any' ? 'Alternative' : 'Condition'} ${Number(index) + 1}`;
}

/** Each condition with whether it held, and why when the server says. */
export function ConditionResults({ results }: { results: ConditionResult[] }) {
  if (results.length === 0) return <p className="muted">The rule has no conditions: it always matches.</p>;
  return (
    <ul className="rule-results" aria-label="Conditions">
      {results.map((result) => (
        <li key={result.path}>
          <Badge tone={result.matched ? undefined : 'note'}>
            {result.matched ? 'Matched' : 'Not matched'}
          </Badge>{' '}
          {conditionName(result.path)}: {kindNamed(CONDITION_KINDS, result.type)?.label ?? result.type}
          {result.note && <span className="muted"> ({result.note})</span>}
        </li>
      ))}
    </ul>
  );
}

function describeChange(change: FieldChange, lookups: RuleLookups): string {
  if (change.field === 'email' && change.to && typeof change.to === 'object') {
    const email = change.to as { to?: unknown; recipients?: unknown; subject?: unknown };
    const recipients = email.recipients ?? email.to;
    return `to ${describeValue(recipients, lookups)}: “${String(email.subject ?? '')}”`;
  }
  if (change.field === 'webhook' || change.field === 'note') return String(change.to);
  return `${describeValue(change.from, lookups)} → ${describeValue(change.to, lookups)}`;
}

/** What the actions changed (or would change), with names instead of ids. */
export function ChangeList({ changes, lookups }: { changes: FieldChange[]; lookups: RuleLookups }) {
  if (changes.length === 0) return <p className="muted">No changes.</p>;
  return (
    <ul className="rule-results" aria-label="Changes">
      {changes.map((change, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same field may change twice in one run
        <li key={index}>
          <strong>{fieldLabel(change.field)}</strong>: {describeChange(change, lookups)}
        </li>
      ))}
    </ul>
  );
}

/** Whether a rule calls a webhook, so its delivery log is worth showing. */
export const hasWebhook = (rule: Rule | undefined) =>
  rule?.actions.some((action) => action.type === 'webhook') ?? false;

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

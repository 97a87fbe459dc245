import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Badge, Button, EmptyState } from '../../ui/index.ts';
import { DeleteDialog } from '../delete-dialog.tsx';
import { FormError } from '../form-errors.tsx';
import { QueryList } from '../query-list.tsx';
import { moveItem } from '../ticket-options/move-item.ts';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { useReorder } from '../use-reorder.ts';
import { deleteRule, RULES, type Rule, reorderRules, setRuleEnabled, useRules } from './automations-api.ts';
import { TemplatesSection } from './templates-section.tsx';
import { TRIGGER_KINDS } from './trigger-kinds.tsx';

/** Automation rules in the order they run for each event, and the ready-made ones to enable. */
export function AutomationsPage() {
  const rules = useRules();
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const reorder = useReorder(RULES, reorderRules);
  const toggle = useAdminMutation({
    mutationFn: setRuleEnabled,
    invalidates: [RULES],
    success: (rule) => `“${rule.name}” is ${rule.enabled ? 'enabled' : 'disabled'}`,
  });
  const remove = useAdminMutation({
    mutationFn: deleteRule,
    invalidates: [RULES],
    success: 'Rule deleted',
    onSuccess: () => setDeleting(null),
  });
  return (
    <>
      <div className="section-header">
        <h1>Automations</h1>
        <Link className="btn btn-primary" to="/admin/automations/new">
          New rule
        </Link>
      </div>
      <p className="muted">
        For each ticket event the enabled rules run from the top, each seeing the ticket as the rules above it
        left it. Every change a rule makes is in the ticket's history under the rule's name.
      </p>
      <QueryList
        query={rules}
        noun="Rules"
        empty={
          <EmptyState title="No automation rules yet">Start from a template below, or a new rule.</EmptyState>
        }
      >
        {(items) => (
          <RuleList
            rules={items}
            onMove={(from, to) => {
              const moved = items[from];
              reorder.mutate(
                moveItem(
                  items.map((rule) => rule.id),
                  from,
                  to,
                ),
              );
              setAnnouncement(`${moved?.name} moved to position ${to + 1} of ${items.length}`);
            }}
            onToggle={(rule) => toggle.mutate({ id: rule.id, enabled: !rule.enabled })}
            onDelete={setDeleting}
          />
        )}
      </QueryList>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <FormError error={toggle.error} />
      <TemplatesSection />
      <DeleteDialog noun="rule" item={deleting} remove={remove} onClose={() => setDeleting(null)}>
        <p>Its run log goes with it; what it changed stays in the tickets' history.</p>
      </DeleteDialog>
    </>
  );
}

type RuleListProps = {
  rules: Rule[];
  onMove: (from: number, to: number) => void;
  onToggle: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
};

const moveButtonId = (direction: 'up' | 'down', id: string) => `move-rule-${direction}-${id}`;

function RuleList({ rules, onMove, onToggle, onDelete }: RuleListProps) {
  const [focusId, setFocusId] = useState<string | null>(null);
  // The moved row is drawn again in its new place; keyboard focus follows it there.
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId]);
  const move = (index: number, direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    const rule = rules[index];
    if (!rule) return;
    const atEdge = to === 0 || to === rules.length - 1;
    setFocusId(moveButtonId(atEdge ? (direction === 'up' ? 'down' : 'up') : direction, rule.id));
    onMove(index, to);
  };
  return (
    <ol className="option-list" aria-label="Automation rules">
      {rules.map((rule, index) => (
        <li key={rule.id} className="option-row policy-row">
          <span className="option-name">
            <Link to={`/admin/automations/${rule.id}`}>{rule.name}</Link>
          </span>
          <span className="option-details">
            {!rule.enabled && <Badge tone="note">Disabled</Badge>}
            <Badge>
              {TRIGGER_KINDS.find((kind) => kind.type === rule.trigger.type)?.label ?? rule.trigger.type}
            </Badge>
            <Badge>
              {rule.actions.length} action{rule.actions.length === 1 ? '' : 's'}
            </Badge>
            <Link to={`/admin/automations/${rule.id}/runs`}>
              Run log<span className="visually-hidden"> of {rule.name}</span>
            </Link>
          </span>
          <span className="option-actions">
            <Button
              id={moveButtonId('up', rule.id)}
              size="small"
              variant="ghost"
              disabled={index === 0}
              onClick={() => move(index, 'up')}
            >
              <span aria-hidden="true">↑</span>
              <span className="visually-hidden">Move {rule.name} up</span>
            </Button>
            <Button
              id={moveButtonId('down', rule.id)}
              size="small"
              variant="ghost"
              disabled={index === rules.length - 1}
              onClick={() => move(index, 'down')}
            >
              <span aria-hidden="true">↓</span>
              <span className="visually-hidden">Move {rule.name} down</span>
            </Button>
            <Button size="small" onClick={() => onToggle(rule)}>
              {rule.enabled ? 'Disable' : 'Enable'}
              <span className="visually-hidden"> {rule.name}</span>
            </Button>
            <Button size="small" onClick={() => onDelete(rule)}>
              Delete<span className="visually-hidden"> {rule.name}</span>
            </Button>
          </span>
        </li>
      ))}
    </ol>
  );
}

import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Checkbox, InlineError, TextField } from '../../ui/index.ts';
import { FormError, fieldError } from '../form-errors.tsx';
import { useAdminMutation } from '../use-admin-mutation.ts';
import { ACTION_KINDS } from './action-kinds.tsx';
import { RULES, type Rule, saveRule } from './automations-api.ts';
import { CONDITION_KINDS } from './condition-kinds.tsx';
import { PartList } from './part-list.tsx';
import { type RuleDraft, ruleDraftOf, ruleInputOf, ruleProblems } from './rule-draft.ts';
import { TriggerFields } from './trigger-fields.tsx';
import { useRuleLookups } from './use-rule-lookups.ts';
import { FieldError } from './value-fields.tsx';

const FIELDS_WITH_OWN_ERROR = ['name', 'trigger', 'conditions', 'actions'];

/** Every part of a new (null) or saved rule; a new rule opens its own page once saved. */
export function RuleEditor({ rule }: { rule: Rule | null }) {
  const navigate = useNavigate();
  const lookups = useRuleLookups();
  const [draft, setDraft] = useState(() => ruleDraftOf(rule));
  // Missing values are pointed out once the admin tries to save, then kept current as they fix them.
  const [triedToSave, setTriedToSave] = useState(false);
  const change = (changes: Partial<RuleDraft>) => setDraft((current) => ({ ...current, ...changes }));
  const save = useAdminMutation({
    mutationFn: saveRule,
    invalidates: [RULES],
    success: (saved) => `Rule “${saved.name}” saved`,
    onSuccess: (saved) => {
      if (!rule) navigate(`/admin/automations/${saved.id}`);
    },
  });
  const problems = triedToSave ? ruleProblems(draft) : {};
  const errorAt = (path: string) => problems[path] ?? fieldError(save.error, path);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedToSave(true);
    if (Object.keys(ruleProblems(draft)).length > 0) return;
    save.mutate({ ...(rule ? { id: rule.id } : {}), ...ruleInputOf(draft) });
  };
  const triggerField = draft.trigger.type === 'ticket.updated' ? draft.trigger.field : undefined;
  const shared = { lookups, triggerField, errorAt };
  return (
    <form onSubmit={submit} aria-label="Automation rule" noValidate>
      <TextField
        label="Name"
        maxLength={200}
        value={draft.name}
        onChange={(event) => change({ name: event.target.value })}
        error={errorAt('name')}
      />
      <div className="stack">
        <Checkbox
          label="Enabled: the rule runs on new events"
          checked={draft.enabled}
          onChange={(event) => change({ enabled: event.target.checked })}
        />
      </div>
      <TriggerFields trigger={draft.trigger} onChange={(trigger) => change({ trigger })} {...shared} />
      <PartList
        legend="Conditions: all of these"
        hint="Every condition here must hold. None: no requirement."
        noun="Condition"
        addLabel="Add a condition"
        kinds={CONDITION_KINDS}
        items={draft.all}
        onChange={(all) => change({ all })}
        pathOf={(index) => `conditions.all.${index}`}
        {...shared}
      />
      <PartList
        legend="Conditions: any of these"
        hint="At least one of these must hold as well. None: no requirement."
        noun="Alternative"
        addLabel="Add an alternative"
        kinds={CONDITION_KINDS}
        items={draft.any}
        onChange={(any) => change({ any })}
        pathOf={(index) => `conditions.any.${index}`}
        {...shared}
      />
      <PartList
        legend="Actions"
        hint="Applied in this order, all together; a later action on the same field wins."
        noun="Action"
        addLabel="Add an action"
        kinds={ACTION_KINDS}
        items={draft.actions}
        onChange={(actions) => change({ actions })}
        pathOf={(index) => `actions.${index}`}
        {...shared}
      />
      <FieldError error={problems.actions ?? null} />
      {Object.keys(problems).length > 0 && (
        <InlineError>The rule is not saved yet: fill in the fields marked above.</InlineError>
      )}
      <FormError error={save.error} fields={FIELDS_WITH_OWN_ERROR} />
      <Button type="submit" variant="primary" disabled={save.isPending}>
        {rule ? 'Save rule' : 'Create rule'}
      </Button>
    </form>
  );
}

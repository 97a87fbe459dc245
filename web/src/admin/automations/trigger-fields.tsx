import type { Trigger } from './automations-api.ts';
import { kindNamed, type RuleLookups } from './rule-kinds.tsx';
import { TRIGGER_KINDS } from './trigger-kinds.tsx';
import { OneOf } from './value-fields.tsx';

type TriggerFieldsProps = {
  trigger: Trigger;
  onChange: (trigger: Trigger) => void;
  errorAt: (path: string) => string | null;
  lookups: RuleLookups;
  triggerField: string | undefined;
};

/** When the rule runs: the trigger kind and its filters. */
export function TriggerFields({ trigger, onChange, errorAt, lookups, triggerField }: TriggerFieldsProps) {
  const kind = kindNamed(TRIGGER_KINDS, trigger.type);
  return (
    <fieldset className="fieldset">
      <legend>Trigger</legend>
      <OneOf
        label="Runs when"
        value={trigger.type}
        options={TRIGGER_KINDS.map((candidate) => ({ value: candidate.type, label: candidate.label }))}
        onChange={(type) => {
          const chosen = kindNamed(TRIGGER_KINDS, type);
          if (chosen) onChange(chosen.blank());
        }}
        error={errorAt('trigger')}
      />
      {kind?.render({
        value: trigger,
        onChange,
        errorOf: (field) => errorAt(`trigger.${field}`),
        name: 'Trigger',
        lookups,
        triggerField,
      })}
    </fieldset>
  );
}

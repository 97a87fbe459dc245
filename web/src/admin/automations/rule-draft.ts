import { ACTION_KINDS } from './action-kinds.tsx';
import type { Action, Condition, Rule, RuleInput, Trigger } from './automations-api.ts';
import { CONDITION_KINDS } from './condition-kinds.tsx';
import { type Kind, kindNamed, type Problems } from './rule-kinds.tsx';
import { TRIGGER_KINDS } from './trigger-kinds.tsx';

/** A rule as the editor holds it: the two condition groups side by side. */
export type RuleDraft = {
  name: string;
  enabled: boolean;
  trigger: Trigger;
  all: Condition[];
  any: Condition[];
  actions: Action[];
};

export const ruleDraftOf = (rule: Rule | null): RuleDraft => ({
  name: rule?.name ?? '',
  enabled: rule?.enabled ?? true,
  trigger: rule?.trigger ?? { type: 'ticket.created' },
  all: rule?.conditions.all ?? [],
  any: rule?.conditions.any ?? [],
  actions: rule?.actions ?? [],
});

/** Every part, so a PATCH replaces all of them as a POST sets them; empty groups are left out. */
export const ruleInputOf = (draft: RuleDraft): RuleInput => ({
  name: draft.name.trim(),
  enabled: draft.enabled,
  trigger: draft.trigger,
  conditions: {
    ...(draft.all.length > 0 ? { all: draft.all } : {}),
    ...(draft.any.length > 0 ? { any: draft.any } : {}),
  },
  actions: draft.actions,
});

/** A part's problems under its path in the rule, the way the server names fields (`actions.0.teamId`). */
function problemsAt<U extends { type: string }>(kinds: Kind<U>[], value: U, path: string): Problems {
  const problems = kindNamed(kinds, value.type)?.problems(value) ?? {};
  return Object.fromEntries(
    Object.entries(problems).map(([field, message]) => [`${path}.${field}`, message]),
  );
}

/** What must be filled in before the rule is sent, by field path; empty when it can be saved. */
export function ruleProblems(draft: RuleDraft): Problems {
  return {
    ...(draft.name.trim() === '' ? { name: 'Give the rule a name' } : {}),
    ...(draft.actions.length === 0 ? { actions: 'Add at least one action' } : {}),
    ...problemsAt(TRIGGER_KINDS, draft.trigger, 'trigger'),
    ...Object.assign(
      {},
      ...draft.all.map((item, index) => problemsAt(CONDITION_KINDS, item, `conditions.all.${index}`)),
    ),
    ...Object.assign(
      {},
      ...draft.any.map((item, index) => problemsAt(CONDITION_KINDS, item, `conditions.any.${index}`)),
    ),
    ...Object.assign(
      {},
      ...draft.actions.map((item, index) => problemsAt(ACTION_KINDS, item, `actions.${index}`)),
    ),
  };
}

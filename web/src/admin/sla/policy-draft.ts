import type { TicketField } from '../../api/types.ts';
import type { Policy, PolicyConditions, PolicyInput, PolicyTarget, SlaTimer } from './sla-api.ts';

export type Source = NonNullable<PolicyConditions['sources']>[number];
export type Metric = 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes';

export const METRICS: { key: Metric; label: string }[] = [
  { key: 'firstResponseMinutes', label: 'First response' },
  { key: 'nextResponseMinutes', label: 'Next response' },
  { key: 'resolutionMinutes', label: 'Resolution' },
];

/** A target as the form edits it: `priorityId` '' is "every other priority", durations as h:mm. */
export type TargetDraft = { priorityId: string } & Record<Metric, string>;
export type CustomFieldConditionDraft = { key: string; values: string };

export type PolicyDraft = {
  name: string;
  enabled: boolean;
  priorityIds: string[];
  teamIds: string[];
  companies: string;
  tags: string;
  sources: Source[];
  customFields: CustomFieldConditionDraft[];
  targets: TargetDraft[];
  hours: Policy['hours'];
  calendarId: string;
  pausableTimers: SlaTimer[];
  atRiskKind: 'percent' | 'minutesBefore';
  atRiskValue: string;
};

/** What a duration field accepts: hours and minutes, "4:00", "0:15", "48:30". */
export const DURATION_PATTERN = '[0-9]{1,4}:[0-5][0-9]';

export const formatDuration = (minutes: number | undefined) =>
  minutes === undefined ? '' : `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

function minutesOf(duration: string): number | undefined {
  const match = /^(\d+):([0-5]\d)$/.exec(duration.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export const EMPTY_TARGET: TargetDraft = {
  priorityId: '',
  firstResponseMinutes: '',
  nextResponseMinutes: '',
  resolutionMinutes: '',
};

const listText = (values: (string | number | boolean)[] | undefined) => (values ?? []).join(', ');

export function policyDraftOf(policy: Policy | null): PolicyDraft {
  const conditions = policy?.conditions ?? {};
  const atRisk = policy?.atRisk ?? { percent: 75 };
  return {
    name: policy?.name ?? '',
    enabled: policy?.enabled ?? true,
    priorityIds: conditions.priorityIds ?? [],
    teamIds: conditions.teamIds ?? [],
    companies: listText(conditions.companies),
    tags: listText(conditions.tags),
    sources: conditions.sources ?? [],
    customFields: (conditions.customFields ?? []).map(({ key, values }) => ({
      key,
      values: listText(values),
    })),
    targets: policy
      ? policy.targets.map((target) => ({
          priorityId: target.priorityId ?? '',
          firstResponseMinutes: formatDuration(target.firstResponseMinutes),
          nextResponseMinutes: formatDuration(target.nextResponseMinutes),
          resolutionMinutes: formatDuration(target.resolutionMinutes),
        }))
      : [EMPTY_TARGET],
    hours: policy?.hours ?? 'business',
    calendarId: policy?.calendarId ?? '',
    pausableTimers: policy?.pausableTimers ?? ['resolution'],
    atRiskKind: 'percent' in atRisk ? 'percent' : 'minutesBefore',
    atRiskValue: String('percent' in atRisk ? atRisk.percent : atRisk.minutesBefore),
  };
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** A condition value as the field stores it: tickets compare `10` and `"10"` differently. */
function typedValue(value: string, field: TicketField | undefined): string | number | boolean {
  if (field?.type === 'number' && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (field?.type === 'checkbox') return value.toLowerCase() === 'true' || value.toLowerCase() === 'yes';
  return value;
}

/** Only the conditions given: the API's `{}` covers every ticket. */
function conditionsOf(draft: PolicyDraft, fields: TicketField[]): PolicyConditions {
  const companies = splitList(draft.companies);
  const tags = splitList(draft.tags);
  const customFields = draft.customFields
    .filter((condition) => condition.key)
    .map(({ key, values }) => ({
      key,
      values: splitList(values).map((value) =>
        typedValue(
          value,
          fields.find((field) => field.key === key),
        ),
      ),
    }));
  return {
    ...(draft.priorityIds.length > 0 ? { priorityIds: draft.priorityIds } : {}),
    ...(draft.teamIds.length > 0 ? { teamIds: draft.teamIds } : {}),
    ...(companies.length > 0 ? { companies } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(draft.sources.length > 0 ? { sources: draft.sources } : {}),
    ...(customFields.length > 0 ? { customFields } : {}),
  };
}

function targetOf(draft: TargetDraft): PolicyTarget {
  const target: PolicyTarget = { priorityId: draft.priorityId || null };
  for (const { key } of METRICS) {
    const minutes = minutesOf(draft[key]);
    if (minutes !== undefined) target[key] = minutes;
  }
  return target;
}

/** Every part of the policy, so a PATCH replaces all of them as a POST sets them. */
export function policyInputOf(draft: PolicyDraft, fields: TicketField[]): PolicyInput {
  const atRiskValue = Number(draft.atRiskValue);
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    conditions: conditionsOf(draft, fields),
    targets: draft.targets.map(targetOf),
    hours: draft.hours,
    calendarId: draft.calendarId || null,
    pausableTimers: draft.pausableTimers,
    atRisk: draft.atRiskKind === 'percent' ? { percent: atRiskValue } : { minutesBefore: atRiskValue },
  };
}

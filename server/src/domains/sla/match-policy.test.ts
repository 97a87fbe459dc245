import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { conditionsHold, type MatchablePolicy, matchPolicy, type SlaTicket } from './match-policy.ts';
import type { PolicyConditions, PolicyTarget } from './sla.schemas.ts';

const URGENT = '01900000-0000-7000-8000-00000000000a';
const NORMAL = '01900000-0000-7000-8000-00000000000b';
const LOW = '01900000-0000-7000-8000-00000000000c';
const TIER1 = '01900000-0000-7000-8000-0000000000a1';
const TIER2 = '01900000-0000-7000-8000-0000000000a2';

const ticket = (overrides: Partial<SlaTicket> = {}): SlaTicket => ({
  priorityId: NORMAL,
  teamId: TIER1,
  tags: ['billing', 'vip'],
  source: 'email',
  customFields: { plan: 'gold', seats: 10, trial: false, modules: ['crm', 'desk'] },
  requesterCompany: 'Acme Corp',
  ...overrides,
});

let nextId = 0;
const policy = (
  position: number,
  conditions: PolicyConditions = {},
  targets: PolicyTarget[] = [{ priorityId: null, firstResponseMinutes: 60 }],
  enabled = true,
): MatchablePolicy => {
  nextId += 1;
  return {
    id: `01900000-0000-7000-8000-${String(nextId).padStart(12, '0')}`,
    position,
    enabled,
    conditions,
    targets,
  };
};

describe('conditionsHold', () => {
  test('no conditions match every ticket', () => {
    assert.equal(conditionsHold({}, ticket()), true);
    assert.equal(conditionsHold({}, ticket({ teamId: null, tags: [], requesterCompany: '' })), true);
  });

  test('within one condition, any value matches', () => {
    assert.equal(conditionsHold({ priorityIds: [URGENT, NORMAL] }, ticket()), true);
    assert.equal(conditionsHold({ priorityIds: [URGENT, LOW] }, ticket()), false);
    assert.equal(conditionsHold({ teamIds: [TIER2, TIER1] }, ticket()), true);
    assert.equal(conditionsHold({ teamIds: [TIER2] }, ticket()), false);
    assert.equal(conditionsHold({ sources: ['portal', 'email'] }, ticket()), true);
    assert.equal(conditionsHold({ sources: ['portal', 'api'] }, ticket()), false);
  });

  test('a team condition never matches a ticket without a team', () => {
    assert.equal(conditionsHold({ teamIds: [TIER1] }, ticket({ teamId: null })), false);
  });

  test('tags match when the ticket has any of them, exactly as written', () => {
    assert.equal(conditionsHold({ tags: ['outage', 'vip'] }, ticket()), true);
    assert.equal(conditionsHold({ tags: ['outage'] }, ticket()), false);
    assert.equal(conditionsHold({ tags: ['VIP'] }, ticket()), false);
    assert.equal(conditionsHold({ tags: ['vip'] }, ticket({ tags: [] })), false);
  });

  test("the requester's company matches ignoring case and outer spaces; no company matches none", () => {
    assert.equal(conditionsHold({ companies: ['ACME CORP'] }, ticket()), true);
    assert.equal(conditionsHold({ companies: ['Globex', ' acme corp '] }, ticket()), true);
    assert.equal(conditionsHold({ companies: ['Acme'] }, ticket()), false);
    assert.equal(conditionsHold({ companies: ['Acme Corp'] }, ticket({ requesterCompany: '' })), false);
  });

  test('custom fields match by value and type; a multiselect by any of its options', () => {
    const holds = (customFields: PolicyConditions['customFields']) =>
      conditionsHold({ customFields }, ticket());
    assert.equal(holds([{ key: 'plan', values: ['silver', 'gold'] }]), true);
    assert.equal(holds([{ key: 'plan', values: ['Gold'] }]), false);
    assert.equal(holds([{ key: 'seats', values: [10] }]), true);
    assert.equal(holds([{ key: 'seats', values: ['10'] }]), false, 'a number is not its text');
    assert.equal(holds([{ key: 'trial', values: [false] }]), true);
    assert.equal(holds([{ key: 'modules', values: ['desk'] }]), true);
    assert.equal(holds([{ key: 'modules', values: ['voice'] }]), false);
    assert.equal(
      holds([{ key: 'region', values: ['eu'] }]),
      false,
      'a ticket without the value does not match',
    );
    assert.equal(
      holds([
        { key: 'plan', values: ['gold'] },
        { key: 'seats', values: [5] },
      ]),
      false,
      'every custom field condition must hold',
    );
  });

  test('every condition given must hold', () => {
    const conditions: PolicyConditions = {
      priorityIds: [NORMAL],
      teamIds: [TIER1],
      companies: ['acme corp'],
      tags: ['vip'],
      sources: ['email'],
      customFields: [{ key: 'plan', values: ['gold'] }],
    };
    assert.equal(conditionsHold(conditions, ticket()), true);
    const misses: Partial<SlaTicket>[] = [
      { priorityId: URGENT },
      { teamId: TIER2 },
      { requesterCompany: 'Globex' },
      { tags: ['billing'] },
      { source: 'portal' },
      { customFields: { plan: 'silver' } },
    ];
    for (const miss of misses)
      assert.equal(conditionsHold(conditions, ticket(miss)), false, JSON.stringify(miss));
  });
});

describe('matchPolicy', () => {
  test('the first enabled policy by position whose conditions hold wins, whatever the list order', () => {
    const vip = policy(1, { tags: ['vip'] });
    const disabledFirst = policy(0, {}, undefined, false);
    const everything = policy(2);
    const policies = [everything, vip, disabledFirst];
    assert.equal(matchPolicy(policies, ticket())?.policy, vip);
    assert.equal(matchPolicy(policies, ticket({ tags: [] }))?.policy, everything);
  });

  test('equal positions fall back to the id, as the database lists them', () => {
    const first = policy(1);
    const second = policy(1);
    assert.equal(matchPolicy([second, first], ticket())?.policy, first);
  });

  test('no match, or only disabled matches, is null', () => {
    assert.equal(matchPolicy([], ticket()), null);
    assert.equal(matchPolicy([policy(1, { sources: ['portal'] })], ticket()), null);
    assert.equal(matchPolicy([policy(1, {}, undefined, false)], ticket()), null);
  });

  test("the target for the ticket's priority wins over the one for the others", () => {
    const urgent: PolicyTarget = { priorityId: URGENT, firstResponseMinutes: 15, resolutionMinutes: 240 };
    const others: PolicyTarget = { priorityId: null, firstResponseMinutes: 480 };
    const matched = policy(1, {}, [others, urgent]);
    assert.deepEqual(matchPolicy([matched], ticket({ priorityId: URGENT }))?.target, urgent);
    assert.deepEqual(matchPolicy([matched], ticket({ priorityId: LOW }))?.target, others);
  });

  test('a matching policy without a target for the priority gives no target, and does not fall through', () => {
    const urgentOnly = policy(1, { tags: ['vip'] }, [{ priorityId: URGENT, firstResponseMinutes: 15 }]);
    const fallback = policy(2);
    const match = matchPolicy([urgentOnly, fallback], ticket({ priorityId: LOW }));
    assert.equal(match?.policy, urgentOnly);
    assert.equal(match?.target, null);
  });

  test('property: the match is the lowest-positioned enabled policy that holds, or null when none does', () => {
    const conditionsArb = fc.record(
      {
        priorityIds: fc.subarray([URGENT, NORMAL, LOW], { minLength: 1 }),
        teamIds: fc.subarray([TIER1, TIER2], { minLength: 1 }),
        tags: fc.subarray(['vip', 'billing', 'outage'], { minLength: 1 }),
        sources: fc.subarray(['portal', 'agent', 'email', 'api'] as const, { minLength: 1 }),
      },
      { requiredKeys: [] },
    );
    const ticketArb = fc.record({
      priorityId: fc.constantFrom(URGENT, NORMAL, LOW),
      teamId: fc.constantFrom(TIER1, TIER2, null),
      tags: fc.subarray(['vip', 'billing', 'outage']),
      source: fc.constantFrom('portal' as const, 'agent' as const, 'email' as const, 'api' as const),
      customFields: fc.constant({}),
      requesterCompany: fc.constant(''),
    });
    const policiesArb = fc.array(
      fc.record({
        position: fc.integer({ min: 1, max: 5 }),
        enabled: fc.boolean(),
        conditions: conditionsArb,
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(policiesArb, ticketArb, (drafts, subject) => {
        const policies = drafts.map((draft) =>
          policy(draft.position, draft.conditions, undefined, draft.enabled),
        );
        const match = matchPolicy(policies, subject);
        const holding = policies.filter(
          (candidate) => candidate.enabled && conditionsHold(candidate.conditions, subject),
        );
        // Found the slow way: a full scan for the smallest (position, id).
        const expected = holding.reduce<MatchablePolicy | null>(
          (best, candidate) =>
            best === null ||
            candidate.position < best.position ||
            (candidate.position === best.position && candidate.id < best.id)
              ? candidate
              : best,
          null,
        );
        return expected === null ? match === null : match?.policy === expected;
      }),
    );
  });
});

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Badge, Button, EmptyState, InlineError, TextField } from '../../ui/index.ts';
import { FormError } from '../form-errors.tsx';
import { type RuleTest, testRule, useRule } from './automations-api.ts';
import { RuleTabs } from './rule-editor-page.tsx';
import { ChangeList, ConditionResults } from './rule-results.tsx';
import { useRuleLookups } from './use-rule-lookups.ts';

const RECENT_TICKETS = 200;
const SHOWN_MATCHES = 8;

/** The most recently updated tickets, which the picker searches by subject. */
const useRecentTickets = () =>
  useQuery({
    queryKey: ['automation-test-tickets'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/tickets', { params: { query: { limit: RECENT_TICKETS, sort: 'updated' } } }),
      ).items,
  });

/** The number a search for "#12" or "12" names, else null. */
const searchedNumber = (search: string): number | null => {
  const number = /^#?(\d+)$/.exec(search.trim())?.[1];
  return number ? Number(number) : null;
};

/** A ticket by its number, any age (the recent ones are searched in the browser). */
const useTicketNumbered = (number: number | null) =>
  useQuery({
    queryKey: ['automation-test-tickets', number],
    enabled: number !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tickets', { params: { query: { number: number ?? 0, limit: 1 } } }))
        .items,
  });

/** Words of the subject, among the recent tickets. */
const subjectHas = (ticket: { subject: string }, search: string) =>
  ticket.subject.toLowerCase().includes(search.trim().toLowerCase());

/** /admin/automations/:ruleId/test: evaluates the saved rule against a ticket; nothing is applied. */
export function RuleTestPage() {
  const { ruleId = '' } = useParams();
  const rule = useRule(ruleId);
  const tickets = useRecentTickets();
  const [search, setSearch] = useState('');
  const [tested, setTested] = useState<{ number: number; subject: string } | null>(null);
  const test = useMutation({ mutationFn: testRule });
  const number = searchedNumber(search);
  const numbered = useTicketNumbered(number);
  const matches = (
    number !== null
      ? (numbered.data ?? [])
      : (tickets.data ?? []).filter((ticket) => subjectHas(ticket, search))
  ).slice(0, SHOWN_MATCHES);
  return (
    <section className="narrow-page" aria-labelledby="rule-test-title">
      <p className="ticket-back">
        <Link to="/admin/automations">← All automation rules</Link>
      </p>
      <h1 id="rule-test-title">Test “{rule.data?.name ?? '…'}”</h1>
      <RuleTabs ruleId={ruleId} />
      <p className="muted">
        The saved rule is evaluated against the ticket as it is now, as if its trigger had just fired. Nothing
        is changed and no run is recorded.
      </p>
      <TextField
        label="Find a ticket"
        hint="Its number (#12), or words of its subject among the recently updated tickets"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {tickets.isError && <InlineError>Tickets could not be loaded: {tickets.error.message}</InlineError>}
      <ul className="rule-results" aria-label="Tickets to test against">
        {matches.map((ticket) => (
          <li key={ticket.id}>
            <Button
              size="small"
              disabled={test.isPending}
              onClick={() => {
                setTested(ticket);
                test.mutate({ id: ruleId, ticketId: ticket.id });
              }}
            >
              Test against #{ticket.number}
            </Button>{' '}
            {ticket.subject}
          </li>
        ))}
      </ul>
      {tickets.isSuccess && matches.length === 0 && <EmptyState title="No ticket matches that search" />}
      <FormError error={test.error} />
      {test.data && tested && <TestResult result={test.data} ticket={tested} />}
    </section>
  );
}

function TestResult({ result, ticket }: { result: RuleTest; ticket: { number: number; subject: string } }) {
  const lookups = useRuleLookups();
  return (
    <section aria-labelledby="test-result-title" className="fieldset">
      <h2 id="test-result-title">
        Result for #{ticket.number} {ticket.subject}
      </h2>
      <p>
        {result.matched ? (
          <Badge>The rule matches: its actions would run</Badge>
        ) : (
          <Badge tone="note">The rule does not match: nothing would change</Badge>
        )}
      </p>
      <h3>Conditions</h3>
      <ConditionResults results={result.conditions} />
      <h3>What would change</h3>
      <ChangeList changes={result.changes} lookups={lookups} />
    </section>
  );
}

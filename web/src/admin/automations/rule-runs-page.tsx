import { Link, useParams } from 'react-router';
import { Badge, Button, EmptyState, InlineError, Skeleton } from '../../ui/index.ts';
import { type Run, useRule, useRuns } from './automations-api.ts';
import { RuleTabs } from './rule-editor-page.tsx';
import { ChangeList, ConditionResults, formatTime, hasWebhook } from './rule-results.tsx';
import { useRuleLookups } from './use-rule-lookups.ts';
import { WebhookDeliveries } from './webhook-deliveries.tsx';

const OUTCOMES: Record<Run['outcome'], string> = {
  applied: 'Applied',
  no_change: 'Matched, nothing to change',
  not_matched: 'Conditions not met',
  loop_stopped: 'Stopped: chain too deep',
  failed: 'Failed',
};

/** /admin/automations/:ruleId/runs: what the rule did on each event it took, and why; newest first. */
export function RuleRunsPage() {
  const { ruleId = '' } = useParams();
  const rule = useRule(ruleId);
  const runs = useRuns(ruleId);
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="narrow-page" aria-labelledby="rule-runs-title">
      <p className="ticket-back">
        <Link to="/admin/automations">← All automation rules</Link>
      </p>
      <h1 id="rule-runs-title">Run log of “{rule.data?.name ?? '…'}”</h1>
      <RuleTabs ruleId={ruleId} />
      <div className="section-header">
        <h2>Runs</h2>
        <Button size="small" onClick={() => runs.refetch()} disabled={runs.isFetching}>
          Refresh
        </Button>
      </div>
      {runs.isPending ? (
        <Skeleton lines={4} />
      ) : runs.isError ? (
        <InlineError>The runs could not be loaded: {runs.error.message}</InlineError>
      ) : items.length === 0 ? (
        <EmptyState title="No runs yet">
          A run is recorded each time the rule's trigger takes an event.
        </EmptyState>
      ) : (
        <ol className="run-list" aria-label="Runs">
          {items.map((run) => (
            <RunEntry key={run.id} run={run} />
          ))}
        </ol>
      )}
      {runs.hasNextPage && (
        <Button onClick={() => runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
          Older runs
        </Button>
      )}
      {hasWebhook(rule.data) && <WebhookDeliveries ruleId={ruleId} />}
    </section>
  );
}

function RunEntry({ run }: { run: Run }) {
  const lookups = useRuleLookups();
  return (
    <li className="run-entry">
      <p>
        <Badge tone={run.outcome === 'applied' ? undefined : 'note'}>{OUTCOMES[run.outcome]}</Badge>{' '}
        <Link to={`/tickets/${run.ticketId}`}>Open the ticket</Link> · event {run.event.type}
        {run.depth > 0 && ` (caused by a rule, depth ${run.depth})`} · {formatTime(run.createdAt)}
      </p>
      {run.error && <InlineError>{run.error}</InlineError>}
      <details open={run.outcome === 'applied'}>
        <summary>Conditions and changes</summary>
        <ConditionResults results={run.conditions} />
        <ChangeList changes={run.changes} lookups={lookups} />
      </details>
    </li>
  );
}

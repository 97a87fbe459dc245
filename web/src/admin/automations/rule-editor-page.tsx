import { Link, useParams } from 'react-router';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { useRule } from './automations-api.ts';
import { RuleEditor } from './rule-editor.tsx';

/** /admin/automations/new or /admin/automations/:ruleId, with links to its test view and run log. */
export function RuleEditorPage() {
  const { ruleId = 'new' } = useParams();
  const isNew = ruleId === 'new';
  const rule = useRule(isNew ? null : ruleId);
  return (
    <section className="narrow-page" aria-labelledby="rule-editor-title">
      <p className="ticket-back">
        <Link to="/admin/automations">← All automation rules</Link>
      </p>
      <h1 id="rule-editor-title">{isNew ? 'New automation rule' : `Edit “${rule.data?.name ?? '…'}”`}</h1>
      {!isNew && <RuleTabs ruleId={ruleId} />}
      {isNew ? (
        <RuleEditor rule={null} />
      ) : rule.isPending ? (
        <Skeleton lines={8} />
      ) : rule.isError ? (
        <InlineError>The rule could not be loaded: {rule.error.message}</InlineError>
      ) : (
        <RuleEditor key={rule.data.updatedAt} rule={rule.data} />
      )}
    </section>
  );
}

/** The three views of a saved rule. */
export function RuleTabs({ ruleId }: { ruleId: string }) {
  return (
    <nav aria-label="This rule" className="rule-tabs">
      <Link to={`/admin/automations/${ruleId}`}>Edit</Link>
      <Link to={`/admin/automations/${ruleId}/test`}>Test this rule</Link>
      <Link to={`/admin/automations/${ruleId}/runs`}>Run log</Link>
    </nav>
  );
}

import { Link, useParams } from 'react-router';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { PolicyEditor } from './policy-editor.tsx';
import { usePolicy } from './sla-api.ts';

/** /admin/sla-policies/new or /admin/sla-policies/:policyId. */
export function PolicyEditorPage() {
  const { policyId = 'new' } = useParams();
  const isNew = policyId === 'new';
  const policy = usePolicy(isNew ? null : policyId);
  return (
    <section className="narrow-page" aria-labelledby="policy-editor-title">
      <p className="ticket-back">
        <Link to="/admin/sla-policies">← All SLA policies</Link>
      </p>
      <h1 id="policy-editor-title">{isNew ? 'New SLA policy' : `Edit “${policy.data?.name ?? '…'}”`}</h1>
      {isNew ? (
        <PolicyEditor policy={null} />
      ) : policy.isPending ? (
        <Skeleton lines={8} />
      ) : policy.isError ? (
        <InlineError>The policy could not be loaded: {policy.error.message}</InlineError>
      ) : (
        <PolicyEditor key={policy.data.updatedAt} policy={policy.data} />
      )}
    </section>
  );
}

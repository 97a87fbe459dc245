import type { MacroPreview } from '../../api/types.ts';
import { EmptyState } from '../../ui/index.ts';
import { useDescribeChange } from './describe-change.ts';

/** What a macro would do to a ticket: each change as from → to, then the reply the customer will get. */
export function MacroPreviewView({ preview }: { preview: MacroPreview }) {
  const describe = useDescribeChange();
  if (preview.changes.length === 0 && !preview.reply) {
    return <EmptyState title="This macro would change nothing on this ticket" />;
  }
  return (
    <div className="macro-preview">
      {preview.changes.length > 0 && (
        <ul aria-label="Changes">
          {preview.changes.map((change, index) => {
            const { label, from, to } = describe(change);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a preview's changes never reorder
              <li key={index}>
                <strong>{label}:</strong> {from && <span className="muted">{from} → </span>}
                {to}
              </li>
            );
          })}
        </ul>
      )}
      {preview.reply && (
        <figure className="macro-reply">
          <figcaption>Reply to the customer</figcaption>
          <blockquote>{preview.reply.body}</blockquote>
        </figure>
      )}
    </div>
  );
}

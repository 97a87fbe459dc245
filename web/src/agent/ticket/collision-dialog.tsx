import { nameOf, useAgents, useStatuses } from '../../api/lookups.ts';
import type { Change } from '../../realtime/protocol.ts';
import { Button, Dialog } from '../../ui/index.ts';
import { EVENT_ACTIONS } from './history.tsx';

type CollisionDialogProps = {
  /** The changes the server listed with its 409 (null: no collision, the dialog is closed). */
  changes: Change[] | null;
  sending: boolean;
  onSendAnyway: () => void;
  onReview: () => void;
};

/**
 * Someone replied to the customer or changed the ticket while this agent was writing: the server
 * refused the comment (409) and said what happened. The agent sends anyway, or goes back to read it,
 * keeping the draft.
 */
export function CollisionDialog({ changes, sending, onSendAnyway, onReview }: CollisionDialogProps) {
  return (
    <Dialog
      open={changes !== null}
      title="The ticket changed while you were writing"
      onClose={() => {
        // Escape closes it like "Review first"; closing it after an answer is no choice at all.
        if (changes !== null) onReview();
      }}
    >
      <ul className="collision-changes" aria-label="Changes since you started writing">
        {(changes ?? []).map((change) => (
          <ChangeItem key={change.seq} change={change} />
        ))}
      </ul>
      <div className="dialog-actions">
        <Button onClick={onReview}>Review first</Button>
        <Button variant="primary" onClick={onSendAnyway} disabled={sending}>
          {sending ? 'Sending…' : 'Send anyway'}
        </Button>
      </div>
    </Dialog>
  );
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function ChangeItem({ change }: { change: Change }) {
  const agents = useAgents();
  const statuses = useStatuses();
  const { payload } = change;
  const actorType = text(payload.actorType);
  const who =
    actorType === 'agent'
      ? (nameOf(agents.data, text(payload.actorId)) ?? 'An agent')
      : actorType === 'contact'
        ? 'The customer'
        : 'An automation';
  if (change.kind === 'ticket.comment_added') {
    const comment = (payload.comment ?? {}) as Record<string, unknown>;
    const body = text(comment.bodyText) ?? '';
    return (
      <li>
        <strong>{who}</strong> {actorType === 'contact' ? 'wrote' : 'replied to the customer'}:
        <blockquote className="collision-quote">
          {body.length > 280 ? `${body.slice(0, 280)}…` : body}
        </blockquote>
      </li>
    );
  }
  const changes = (payload.changes ?? {}) as Record<string, unknown>;
  const statusName = (id: unknown) => nameOf(statuses.data, text(id)) ?? 'another status';
  return (
    <li>
      <strong>{who}</strong> {EVENT_ACTIONS[change.kind] ?? 'changed the ticket'}
      {change.kind === 'ticket.status_changed' &&
        ` from ${statusName(changes.from)} to ${statusName(changes.to)}`}
    </li>
  );
}

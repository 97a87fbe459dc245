import { nameOf, useAgents, useContact } from '../../api/lookups.ts';
import type { Comment, Ticket } from '../../api/types.ts';
import { Button, EmptyState, InlineError, LockIcon, Skeleton } from '../../ui/index.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { DeliveryStatus, EmailOrigin } from './email-origin.tsx';
import { useComments } from './use-ticket.ts';

/**
 * The thread, oldest first, from its latest page back; earlier messages load on request above it.
 * Internal notes sit on an amber background with a lock label.
 */
export function Conversation({ ticket }: { ticket: Ticket }) {
  const comments = useComments(ticket.id);
  if (comments.isPending) return <Skeleton lines={5} />;
  if (comments.isError)
    return <InlineError>The conversation could not be loaded: {comments.error.message}</InlineError>;
  // Pages arrive newest first; the thread reads oldest first.
  const thread = comments.data.pages.flatMap((page) => page.items).reverse();
  if (thread.length === 0) return <EmptyState title="No messages yet" />;
  return (
    <>
      {comments.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => comments.fetchNextPage()} disabled={comments.isFetchingNextPage}>
            {comments.isFetchingNextPage ? 'Loading…' : 'Show earlier messages'}
          </Button>
        </div>
      )}
      <ol className="conversation" aria-label="Conversation">
        {thread.map((comment) => (
          <CommentItem key={comment.id} comment={comment} requesterId={ticket.requesterId} />
        ))}
      </ol>
    </>
  );
}

function CommentItem({ comment, requesterId }: { comment: Comment; requesterId: string }) {
  const agents = useAgents();
  const requester = useContact(comment.authorType === 'contact' ? requesterId : null);
  const timeZone = useTimeZone();
  const internal = comment.visibility === 'internal';
  const author =
    comment.authorType === 'agent'
      ? (nameOf(agents.data, comment.authorId) ?? 'An agent')
      : comment.authorType === 'contact'
        ? (requester.data?.name ?? 'The customer')
        : 'ActionConnect';
  return (
    <li className={internal ? 'comment comment-internal' : 'comment'}>
      <div className="comment-meta">
        <strong>{author}</strong>
        {internal ? (
          <span className="note-label">
            <LockIcon /> Internal note
          </span>
        ) : (
          <span className="muted">
            {comment.authorType === 'agent' ? 'Public reply' : comment.inboundEmailId ? 'Email' : 'Message'}
          </span>
        )}
        {comment.emailDelivery && <DeliveryStatus delivery={comment.emailDelivery} />}
        <time dateTime={comment.createdAt}>{formatTime(comment.createdAt, timeZone)}</time>
      </div>
      <div className="comment-body">{comment.bodyText}</div>
      {comment.inboundEmailId && <EmailOrigin inboundEmailId={comment.inboundEmailId} />}
      {comment.attachments.length > 0 && (
        <ul className="attachment-list" aria-label="Attachments">
          {comment.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={`/api/v1/attachments/${attachment.id}`}>{attachment.filename}</a>{' '}
              <span className="muted">({Math.ceil(attachment.sizeBytes / 1024)} KB)</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

import { EmptyState, InlineError, Skeleton } from '../../ui/index.ts';
import { formatSize, formatTime } from '../format.ts';
import type { PublicComment } from '../portal-types.ts';
import { usePublicConversation } from './use-requests.ts';

/** The public conversation, oldest first; the server never sends internal notes here. */
export function Conversation({ requestId }: { requestId: string }) {
  const comments = usePublicConversation(requestId);
  if (comments.isPending) return <Skeleton lines={5} />;
  if (comments.isError)
    return <InlineError>The conversation could not be loaded: {comments.error.message}</InlineError>;
  if (comments.data.length === 0) return <EmptyState title="No messages yet" />;
  return (
    <ol className="portal-conversation" aria-label="Conversation">
      {comments.data.map((comment) => (
        <Message key={comment.id} comment={comment} />
      ))}
    </ol>
  );
}

function Message({ comment }: { comment: PublicComment }) {
  const fromCustomer = comment.author.type === 'contact';
  const author = fromCustomer ? 'You' : comment.author.name || 'Support team';
  return (
    <li className={fromCustomer ? 'portal-message portal-message-mine' : 'portal-message'}>
      <div className="portal-message-meta">
        <strong>{author}</strong>
        <time dateTime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
      </div>
      <div className="portal-message-body">{comment.bodyText}</div>
      {comment.attachments.length > 0 && (
        <ul className="portal-files" aria-label="Attachments">
          {comment.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/api/v1/portal/attachments/${file.id}`}>{file.filename}</a>{' '}
              <span className="portal-muted">({formatSize(file.sizeBytes)})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

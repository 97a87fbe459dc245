import { Link } from 'react-router';
import { Button, EmptyState, InlineError, Skeleton } from '../../ui/index.ts';
import { formatTime } from '../format.ts';
import { usePortal } from '../portal-layout.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useRequests } from './use-requests.ts';

/** "My requests": the customer's tickets, newest first, with the organization's status names. */
export function RequestsPage() {
  const { slug } = usePortal();
  const requests = useRequests();
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>My requests</h1>
      {requests.isPending ? (
        <Skeleton lines={6} />
      ) : requests.isError ? (
        <InlineError>Your requests could not be loaded: {requests.error.message}</InlineError>
      ) : items.length === 0 ? (
        <EmptyState title="You have no requests yet">
          <Link to={`/portal/${slug}`}>Open a request</Link>
        </EmptyState>
      ) : (
        <table className="table portal-requests">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {items.map((request) => (
              <tr key={request.id}>
                <td>
                  <Link to={`/portal/${slug}/requests/${request.id}`}>{request.subject}</Link>{' '}
                  <span className="portal-muted">#{request.number}</span>
                </td>
                <td>
                  <StatusBadge status={request.status} />
                </td>
                <td>
                  <time dateTime={request.createdAt}>{formatTime(request.createdAt)}</time>
                </td>
                <td>
                  <time dateTime={request.lastActivityAt}>{formatTime(request.lastActivityAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {requests.hasNextPage && (
        <Button onClick={() => void requests.fetchNextPage()} disabled={requests.isFetchingNextPage}>
          {requests.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </>
  );
}

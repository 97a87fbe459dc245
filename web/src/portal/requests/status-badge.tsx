import type { CustomerRequest } from '../portal-types.ts';

/** The organization's own name for the status; its category only picks the badge's tone. */
export function StatusBadge({ status }: { status: CustomerRequest['status'] }) {
  return <span className={`portal-status portal-status-${status.category}`}>{status.name}</span>;
}

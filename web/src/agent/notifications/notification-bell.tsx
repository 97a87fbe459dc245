import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ResponseOf } from '../../api/types.ts';
import { Button, InlineError, Skeleton } from '../../ui/index.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { useMarkRead, useNotifications, useUnreadCount } from './use-notifications.ts';

type Notification = ResponseOf<'/api/v1/notifications', 'get'>['items'][number];

const TIMERS: Record<string, string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

/** One line saying what happened; the ticket follows it. */
function summary(notification: Notification): string {
  const who = notification.actor?.name ?? 'An automation';
  switch (notification.kind) {
    case 'assigned':
      return `${who} assigned you`;
    case 'mentioned':
      return `${who} mentioned you`;
    case 'customer_replied':
      return 'The customer replied';
    case 'sla_at_risk':
      return `SLA at risk (${TIMERS[String(notification.details.timer)] ?? 'a timer'})`;
  }
}

/** The bell in the console header: the unread count, and a panel of the newest notifications. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('mousedown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  return (
    <div className="bell" ref={wrapper}>
      <Button
        size="small"
        variant="ghost"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
        onClick={() => setOpen((shown) => !shown)}
      >
        <BellIcon />
        {count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Button>
      {open && <NotificationPanel id={panelId} unread={count} onClose={() => setOpen(false)} />}
    </div>
  );
}

function NotificationPanel({ id, unread, onClose }: { id: string; unread: number; onClose: () => void }) {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const items = notifications.data ?? [];

  const openTicket = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    onClose();
    navigate(`/tickets/${notification.ticket.id}`);
  };

  return (
    <section id={id} className="bell-panel" aria-label="Notifications">
      <header className="bell-panel-header">
        <h2>Notifications</h2>
        <Button size="small" variant="ghost" disabled={unread === 0} onClick={() => markRead.mutate(null)}>
          Mark all read
        </Button>
      </header>
      {notifications.isPending && <Skeleton lines={3} />}
      {notifications.error && <InlineError>{notifications.error.message}</InlineError>}
      {notifications.isSuccess && items.length === 0 && <p className="bell-empty">Nothing yet.</p>}
      <ul>
        {items.map((notification) => (
          <li key={notification.id} className={notification.readAt ? undefined : 'bell-unread'}>
            <button type="button" onClick={() => openTicket(notification)}>
              <span className="bell-what">
                {!notification.readAt && <span className="visually-hidden">Unread: </span>}
                {summary(notification)}: #{notification.ticket.number} {notification.ticket.subject}
              </span>
              <time className="bell-time" dateTime={notification.createdAt}>
                {formatTime(notification.createdAt, timeZone)}
              </time>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A bell drawn inline, like the padlock: emoji fonts are missing in headless browsers. */
function BellIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d="M8 1.5a4 4 0 0 0-4 4v3L2.5 11v1h11v-1L12 8.5v-3a4 4 0 0 0-4-4z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="M6.5 13.5a1.5 1.5 0 0 0 3 0" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

import type { ReactNode } from 'react';

/** A small label; `color` (an organization's status colour) is shown as a dot, never as text colour. */
export function Badge({ children, color, tone }: { children: ReactNode; color?: string; tone?: 'note' }) {
  return (
    <span className={tone === 'note' ? 'badge badge-note' : 'badge'}>
      {color && <span className="badge-dot" style={{ background: color }} aria-hidden="true" />}
      {children}
    </span>
  );
}

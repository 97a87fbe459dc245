import type { ReactNode } from 'react';

export function InlineError({ children }: { children: ReactNode }) {
  return (
    <div className="alert" role="alert">
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

const SKELETON_WIDTHS = [92, 80, 86, 70, 88, 76, 84, 66, 90, 72];

/** Grey placeholder lines while a list or panel loads. */
export function Skeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div role="status" aria-busy="true">
      <span className="visually-hidden">Loading</span>
      {SKELETON_WIDTHS.slice(0, lines).map((width) => (
        <div key={width} className="skeleton" style={{ width: `${width}%` }} />
      ))}
    </div>
  );
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

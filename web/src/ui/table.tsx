import type { ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';

type SortHeaderProps = {
  label: string;
  active: boolean;
  direction: SortDirection;
  onSort: () => void;
};

/** A column header that sorts; aria-sort tells assistive technology the current order. */
export function SortHeader({ label, active, direction, onSort }: SortHeaderProps) {
  const ariaSort = active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort}>
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span aria-hidden="true">{active ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      {children}
    </table>
  );
}

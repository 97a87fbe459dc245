import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { InlineError, Skeleton } from '../ui/index.ts';

/**
 * A list from the server in each of its states: a skeleton while it loads, why it failed, `empty`
 * when there is nothing (after `filter`, when given), else `children` with the items.
 */
export function QueryList<T>({
  query,
  noun,
  lines = 3,
  filter,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  /** What the list holds, for the failure message: "Teams could not be loaded: …". */
  noun: string;
  lines?: number;
  filter?: (item: T) => boolean;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <Skeleton lines={lines} />;
  if (query.isError)
    return (
      <InlineError>
        {noun} could not be loaded: {query.error.message}
      </InlineError>
    );
  const items = filter ? query.data.filter(filter) : query.data;
  return items.length === 0 ? empty : children(items);
}

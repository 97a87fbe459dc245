import { v7 } from 'uuid';

/** Time-ordered UUIDs: keyset pagination on the id alone lists rows in creation order. */
export const newId = (): string => v7();

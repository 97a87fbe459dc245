// The tickets of the queue the agent last looked at, so j/k on a ticket page move through that queue.
const KEY = 'actionconnect.queue';

type QueueMemory = { ids: string[]; queueUrl: string };

export function rememberQueue(memory: QueueMemory): void {
  sessionStorage.setItem(KEY, JSON.stringify(memory));
}

export function recallQueue(): QueueMemory | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as QueueMemory | null;
    return value && Array.isArray(value.ids) ? value : null;
  } catch {
    return null;
  }
}

/** The ticket `step` places after (or before) `id` in the remembered queue. */
export function neighbour(id: string, step: 1 | -1): string | null {
  const queue = recallQueue();
  if (!queue) return null;
  const index = queue.ids.indexOf(id);
  return index === -1 ? null : (queue.ids[index + step] ?? null);
}

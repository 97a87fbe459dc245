/**
 * Runs `work` for every item at once, except that items sharing a key run one after another, in the
 * order given. Resolves when every item has finished (even after a failure, so nothing still runs on
 * a transaction about to end), then throws the first failure in the items' order.
 */
export async function runInKeyOrder<T>(
  items: readonly T[],
  keysOf: (item: T) => readonly string[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  const lastOfKey = new Map<string, Promise<unknown>>();
  const runs = items.map((item) => {
    const keys = keysOf(item);
    const before = keys.flatMap((key) => lastOfKey.get(key) ?? []);
    const run = Promise.allSettled(before).then(() => work(item));
    for (const key of keys) lastOfKey.set(key, run);
    return run;
  });
  const results = await Promise.allSettled(runs);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

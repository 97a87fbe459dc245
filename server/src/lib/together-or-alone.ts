/**
 * Runs `work` on all the items at once (one transaction, say); when that fails, on each item alone,
 * so that one bad item neither loses nor holds up the others. Answers the error of each item that
 * failed alone (an item that was alone to begin with is not tried twice).
 */
export async function togetherOrAlone<T>(
  items: readonly T[],
  work: (some: readonly T[]) => Promise<void>,
): Promise<Map<T, unknown>> {
  const failures = new Map<T, unknown>();
  try {
    await work(items);
  } catch (error) {
    if (items.length === 1 && items[0] !== undefined) failures.set(items[0], error);
    else
      for (const item of items) {
        try {
          await work([item]);
        } catch (itemError) {
          failures.set(item, itemError);
        }
      }
  }
  return failures;
}

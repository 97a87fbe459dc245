/** The list with the item at `from` taken out and put back at `to` (what a drop or an arrow button does). */
export function moveItem<T>(items: T[], from: number, to: number): T[] {
  const moved = [...items];
  const [item] = moved.splice(from, 1);
  if (item === undefined || to < 0 || to >= items.length) return items;
  moved.splice(to, 0, item);
  return moved;
}

/**
 * The bytes of messages this process accepted moments ago, by message id, so that processing them
 * (usually here, a moment later) parses them without reading the stored copy back. Only ever a
 * shortcut: the stored copy is the message, and a miss (another process took the job, a restart, a
 * full cache) reads it from its row or storage as before.
 */
const MAX_BYTES = 32 * 1024 * 1024;

const copies = new Map<string, Buffer>();
let heldBytes = 0;

export function keepRawCopy(inboundEmailId: string, raw: Buffer): void {
  if (raw.length > MAX_BYTES / 16) return;
  copies.set(inboundEmailId, raw);
  heldBytes += raw.length;
  // A Map iterates in insertion order: the oldest copies go first.
  for (const [key, bytes] of copies) {
    if (heldBytes <= MAX_BYTES) break;
    copies.delete(key);
    heldBytes -= bytes.length;
  }
}

/** The copy kept for a message, handed out once. */
export function takeRawCopy(inboundEmailId: string): Buffer | null {
  const raw = copies.get(inboundEmailId);
  if (!raw) return null;
  copies.delete(inboundEmailId);
  heldBytes -= raw.length;
  return raw;
}

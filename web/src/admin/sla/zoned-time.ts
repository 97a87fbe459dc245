// The preview asks for a creation time as people read it in the calendar's zone, whatever the
// browser's zone is; Intl knows every zone's offsets, so no date library is needed for it.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockOf(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const part = (type: string) =>
    Number(formatter.formatToParts(instant).find((candidate) => candidate.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
}

/**
 * The instant (ISO, UTC) at which clocks in `timeZone` show `local` ("YYYY-MM-DDTHH:MM"): the first
 * one when a daylight-saving change repeats the hour; one skipped by a change moves forward with it.
 */
export function instantOfWallClock(local: string, timeZone: string): string {
  const wanted = Date.parse(`${local.slice(0, 16)}:00Z`);
  const offsetAt = (instant: number) => wallClockOf(instant, timeZone) - instant;
  // The offsets a day before and after cover any change near the wanted time.
  const before = offsetAt(wanted - DAY_MS);
  const candidates = [wanted - before, wanted - offsetAt(wanted + DAY_MS)].sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallClockOf(instant, timeZone) === wanted);
  return new Date(exact ?? wanted - before).toISOString();
}

/** "Fri 7 Mar 2025 16:30": an instant read in `timeZone`. */
export function formatWallClock(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(instant))
    .replaceAll(',', '');
}

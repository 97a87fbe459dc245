import { useOrganization } from '../api/lookups.ts';

/** The time zone times are shown in: the organization's, or the browser's until it has loaded. */
export function useTimeZone(): string {
  const organization = useOrganization();
  return organization.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatTime(iso: string, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, {
      timeZone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(iso));
}

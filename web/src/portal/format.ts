// Customers read times in their own browser's time zone (they may be anywhere, unlike the team).
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (iso: string): string => dateTime.format(new Date(iso));

export const formatSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// A date field holds a calendar day, not an instant: read and shown in UTC so no time zone shifts it.
const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export const formatDay = (day: string): string => calendarDay.format(new Date(`${day}T00:00:00Z`));

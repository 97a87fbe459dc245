import type { SlaTimer } from './sla.schemas.ts';

/** What the timers need to know of a status: behaviour hangs off its category and flag, never its name. */
export type StatusInfo = { name: string; category: string; pausesSla: boolean };

/** A ticket's history as far as its timers care, in the order it happened. */
export type TicketHistory = {
  createdAt: Date;
  initialStatusId: string;
  events: HistoryEvent[];
};

/** A status change, or a public comment that answers (agent) or asks (customer); notes do neither. */
export type HistoryEvent =
  | { type: 'status'; at: Date; statusId: string }
  | { type: 'reply'; at: Date; by: 'agent' | 'contact' };

export type TimerState = 'running' | 'paused' | 'stopped' | 'fulfilled';

/** Time that does not count: a status that pauses the timer (paused) or solves the ticket (stopped). */
export type Pause = { from: Date; to: Date | null; kind: 'paused' | 'stopped'; statusName: string };

/** One timer's course: when it started, what held it, how it ended (if it did). */
export type TimerCourse = {
  timer: SlaTimer;
  cycle: number;
  /** Creation; for next_response, the customer message that started the cycle. */
  startedAt: Date;
  pauses: Pause[];
  fulfilledAt: Date | null;
  state: TimerState;
};

type StatusSpan = { from: Date; to: Date | null; status: StatusInfo };

const isDone = (status: StatusInfo) => status.category === 'solved' || status.category === 'closed';

/**
 * Each timer's current course on a ticket: first response (from creation to the first public agent
 * answer), next response (from a customer message after that to the next answer; the latest such
 * cycle) and resolution (from creation to a solved or closed status; reopening resumes it). Time in
 * a solved or closed status never counts, and time in a status that pauses the SLA does not count
 * for the timers named pausable. Timers without a target are left out.
 */
export function deriveTimerCourses(
  history: TicketHistory,
  statuses: ReadonlyMap<string, StatusInfo>,
  input: { timers: readonly SlaTimer[]; pausable: readonly SlaTimer[] },
): TimerCourse[] {
  const spans = statusSpans(history, statuses);
  const courses: TimerCourse[] = [];
  for (const timer of input.timers) {
    const window = timerWindow(timer, history, spans);
    if (!window) continue;
    courses.push(courseOf(timer, window, spans, input.pausable.includes(timer)));
  }
  return courses;
}

type TimerWindow = { cycle: number; startedAt: Date; endedAt: Date | null };

function timerWindow(timer: SlaTimer, history: TicketHistory, spans: StatusSpan[]): TimerWindow | null {
  if (timer === 'first_response') {
    const answer = history.events.find((event) => event.type === 'reply' && event.by === 'agent');
    return { cycle: 1, startedAt: history.createdAt, endedAt: answer?.at ?? null };
  }
  if (timer === 'next_response') return latestNextResponseCycle(history);
  const last = spans.at(-1);
  // Resolved means solved or closed now; an earlier solve that was reopened only paused the clock.
  const endedAt = last && isDone(last.status) ? last.from : null;
  return { cycle: 1, startedAt: history.createdAt, endedAt };
}

/** Cycles start at a customer's message once the first answer was given, and end at the next answer. */
function latestNextResponseCycle(history: TicketHistory): TimerWindow | null {
  let answered = false;
  let cycles = 0;
  let current: TimerWindow | null = null;
  for (const event of history.events) {
    if (event.type !== 'reply') continue;
    if (event.by === 'agent') {
      if (current && !current.endedAt) current.endedAt = event.at;
      answered = true;
    } else if (answered && (!current || current.endedAt)) {
      cycles++;
      current = { cycle: cycles, startedAt: event.at, endedAt: null };
    }
  }
  return current;
}

function courseOf(timer: SlaTimer, window: TimerWindow, spans: StatusSpan[], pausable: boolean): TimerCourse {
  const pauses: Pause[] = [];
  for (const span of spans) {
    const kind = isDone(span.status) ? 'stopped' : span.status.pausesSla && pausable ? 'paused' : null;
    if (!kind) continue;
    const from = later(span.from, window.startedAt);
    const to = earlier(span.to, window.endedAt);
    if (to && to <= from) continue;
    pauses.push({ from, to, kind, statusName: span.status.name });
  }
  const open = pauses.at(-1)?.to === null ? pauses.at(-1) : undefined;
  const state: TimerState = window.endedAt ? 'fulfilled' : (open?.kind ?? 'running');
  return {
    timer,
    cycle: window.cycle,
    startedAt: window.startedAt,
    pauses,
    fulfilledAt: window.endedAt,
    state,
  };
}

function statusSpans(history: TicketHistory, statuses: ReadonlyMap<string, StatusInfo>): StatusSpan[] {
  const changes = [
    { at: history.createdAt, statusId: history.initialStatusId },
    ...history.events.flatMap((event) => (event.type === 'status' ? [event] : [])),
  ];
  const spans: StatusSpan[] = [];
  changes.forEach((change, index) => {
    const status = statuses.get(change.statusId);
    const to = changes[index + 1]?.at ?? null;
    // A status deleted since then counts as an ordinary working one.
    spans.push({
      from: change.at,
      to,
      status: status ?? { name: 'a former status', category: 'open', pausesSla: false },
    });
  });
  return spans;
}

const later = (a: Date, b: Date) => (a > b ? a : b);
const earlier = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a < b ? a : b);

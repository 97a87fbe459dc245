import { useSyncExternalStore } from 'react';
import type { SlaTimer } from '../../api/types.ts';

export const TIMER_NAMES: Record<SlaTimer['timer'], string> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
};

/** How often screens showing timers ask the server again, correcting the countdown. */
export const SLA_REFRESH_MS = 60_000;

// Every countdown on the page moves on the same tick, so a row never lags its neighbour.
const TICK_MS = 5_000;
const listeners = new Set<() => void>();
let ticking: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  ticking ??= setInterval(() => {
    for (const notify of listeners) notify();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(ticking);
      ticking = undefined;
    }
  };
}

// Whole ticks, so that every read within one tick agrees (React asks for the value more than once).
const currentTick = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** The time now, in milliseconds, moving on every few seconds. */
export const useClock = (): number => useSyncExternalStore(subscribe, currentTick);

export type Countdown = { stage: SlaTimer['stage']; minutes: number };

/**
 * A timer as it stands at `now`, from the server's figures when they were fetched. The browser has no
 * business calendar, so a running timer counts down minute for minute (exact for calendar hours; the
 * next fetch corrects business hours), while its due and at-risk instants are exact: a timer turns
 * red the moment it is due. A timer that is not running keeps the server's figures.
 */
export function countDown(timer: SlaTimer, fetchedAt: number, now: number): Countdown {
  if (timer.state !== 'running') return { stage: timer.stage, minutes: timer.remainingMinutes };
  const minutes = timer.remainingMinutes - Math.max(0, now - fetchedAt) / 60_000;
  const due = timer.dueAt !== null && now >= Date.parse(timer.dueAt);
  if (due || timer.stage === 'breached') return { stage: 'breached', minutes: Math.min(minutes, 0) };
  const atRisk = timer.atRiskAt !== null && now >= Date.parse(timer.atRiskAt);
  return { stage: atRisk ? 'at_risk' : timer.stage, minutes: Math.max(minutes, 0) };
}

/** The timer a queue row shows: the running one with the least time left, else the paused one. */
export function mostUrgent(timers: SlaTimer[], fetchedAt: number, now: number): SlaTimer | null {
  const left = (timer: SlaTimer) => countDown(timer, fetchedAt, now).minutes;
  const least = (state: SlaTimer['state']) =>
    timers.filter((timer) => timer.state === state).sort((a, b) => left(a) - left(b))[0];
  return least('running') ?? least('paused') ?? null;
}

/** Minutes as "1 h 20 m", "−35 m", "2 d 3 h". */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(Math.abs(minutes));
  const sign = minutes < 0 && whole > 0 ? '−' : '';
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  if (days > 0) return `${sign}${days} d${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${sign}${hours} h${rest > 0 ? ` ${rest} m` : ''}`;
  return `${sign}${rest} m`;
}

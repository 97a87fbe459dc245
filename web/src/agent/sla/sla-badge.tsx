import type { SlaTimer } from '../../api/types.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { countDown, formatMinutes, mostUrgent, TIMER_NAMES, useClock } from './countdown.ts';

const STAGE_LABELS: Record<SlaTimer['stage'], string> = {
  ok: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
};

/** The badge's colour (`sla-<tone>`) and words for a timer's state and stage. */
function looks(state: SlaTimer['state'], stage: SlaTimer['stage'], minutes: number) {
  switch (state) {
    case 'running':
      return { tone: stage, text: `${STAGE_LABELS[stage]} · ${formatMinutes(minutes)}` };
    case 'paused':
      return { tone: 'paused', text: `Paused · ${formatMinutes(minutes)}` };
    case 'stopped':
      return { tone: 'paused', text: 'Stopped' };
    case 'fulfilled':
      return { tone: 'done', text: stage === 'breached' ? 'Fulfilled late' : 'Fulfilled' };
  }
}

type SlaBadgeProps = { timer: SlaTimer; fetchedAt: number };

/**
 * A timer's stage in words and colour, with the time left counting down between fetches. The timer's
 * name and due time are in the title and, for screen readers, in hidden text.
 */
export function SlaBadge({ timer, fetchedAt }: SlaBadgeProps) {
  const now = useClock();
  const timeZone = useTimeZone();
  const { stage, minutes } = countDown(timer, fetchedAt, now);
  const { tone, text } = looks(timer.state, stage, minutes);
  const due = timer.dueAt && timer.state === 'running' ? `, due ${formatTime(timer.dueAt, timeZone)}` : '';
  const name = TIMER_NAMES[timer.timer];
  return (
    <span className={`badge sla-badge sla-${tone.replace('_', '-')}`} title={`${name}${due}`}>
      <span className="visually-hidden">{name}: </span>
      {text}
      <span className="visually-hidden">{due}</span>
    </span>
  );
}

/** A queue row's one badge: its most urgent timer, or a dash when none runs or waits. */
export function QueueSlaBadge({ timers, fetchedAt }: { timers: SlaTimer[]; fetchedAt: number }) {
  const now = useClock();
  const timer = mostUrgent(timers, fetchedAt, now);
  return timer ? <SlaBadge timer={timer} fetchedAt={fetchedAt} /> : <span className="muted">—</span>;
}

import type { SlaEvent, TicketSla } from '../../api/types.ts';
import { InlineError, Skeleton } from '../../ui/index.ts';
import { formatTime, useTimeZone } from '../format.ts';
import { useTicketSla } from '../ticket/use-ticket.ts';
import { formatMinutes, TIMER_NAMES } from './countdown.ts';
import { SlaBadge } from './sla-badge.tsx';

type TimerWithExplanation = TicketSla['timers'][number];

const STATE_LABELS: Record<TimerWithExplanation['state'], string> = {
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  fulfilled: 'Fulfilled',
};

const EVENT_LABELS: Record<SlaEvent['kind'], string> = {
  applied: 'Applied',
  paused: 'Paused',
  resumed: 'Resumed',
  fulfilled: 'Fulfilled',
  at_risk: 'At risk',
  breached: 'Breached',
};

/** The ticket's SLA timers, each with its badge, due time and an "Explain" of how it was computed. */
export function SlaPanel({ ticketId }: { ticketId: string }) {
  const sla = useTicketSla(ticketId);
  return (
    <section className="sla-panel" aria-labelledby="sla-heading">
      <h2 id="sla-heading">SLA</h2>
      {sla.isPending ? (
        <Skeleton lines={2} />
      ) : sla.isError ? (
        <InlineError>The SLA timers could not be loaded: {sla.error.message}</InlineError>
      ) : sla.data.timers.length === 0 ? (
        <p className="muted">No SLA policy applies to this ticket.</p>
      ) : (
        <ul className="sla-timers">
          {sla.data.timers.map((timer) => (
            <SlaTimerItem
              key={timer.timer}
              timer={timer}
              fetchedAt={sla.dataUpdatedAt}
              events={sla.data.events.filter((event) => event.timer === timer.timer)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

type SlaTimerItemProps = { timer: TimerWithExplanation; fetchedAt: number; events: SlaEvent[] };

function SlaTimerItem({ timer, fetchedAt, events }: SlaTimerItemProps) {
  const timeZone = useTimeZone();
  const headingId = `sla-${timer.timer}`;
  const { explanation } = timer;
  return (
    <li aria-labelledby={headingId}>
      <div className="sla-timer-head">
        <h3 id={headingId}>
          {TIMER_NAMES[timer.timer]}
          {timer.timer === 'next_response' && ` (message ${timer.cycle})`}
        </h3>
        <SlaBadge timer={timer} fetchedAt={fetchedAt} />
      </div>
      <p className="sla-timer-state">
        {STATE_LABELS[timer.state]}
        {timer.dueAt && (
          <>
            {' · '}
            {timer.state === 'fulfilled' ? 'was due' : 'due'}{' '}
            <time dateTime={timer.dueAt}>{formatTime(timer.dueAt, timeZone)}</time>
          </>
        )}
      </p>
      <details className="sla-explain">
        <summary>Explain</summary>
        <p className="sla-explanation">{explanation.text}</p>
        <p className="muted">
          Times in {explanation.timeZone}; {explanation.hours === 'business' ? 'business' : 'calendar'} hours
          count.
        </p>
        {explanation.pauses.length > 0 && (
          <>
            <h4>Pauses</h4>
            <ul aria-label={`${TIMER_NAMES[timer.timer]} pauses`}>
              {explanation.pauses.map((pause) => (
                <li key={pause.from}>
                  {pause.kind === 'paused' ? 'Paused' : 'Stopped'} in {pause.statusName} from{' '}
                  <time dateTime={pause.from}>{formatTime(pause.from, timeZone)}</time>
                  {pause.to ? (
                    <>
                      {' to '}
                      <time dateTime={pause.to}>{formatTime(pause.to, timeZone)}</time>
                    </>
                  ) : (
                    ' until now'
                  )}{' '}
                  ({formatMinutes(pause.minutes)})
                </li>
              ))}
            </ul>
          </>
        )}
        <h4>Events</h4>
        <ol aria-label={`${TIMER_NAMES[timer.timer]} events`}>
          {events.map((event) => (
            <li key={event.id}>
              {describeEvent(event)}{' '}
              <time className="muted" dateTime={event.occurredAt}>
                {formatTime(event.occurredAt, timeZone)}
              </time>
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}

/** "Applied Gold support: 2 h business time", or the event's kind in words. */
function describeEvent(event: SlaEvent): string {
  const cycle = event.timer === 'next_response' ? ` (message ${event.cycle})` : '';
  const { policyName, targetMinutes, hours } = event.details;
  if (event.kind !== 'applied' || typeof targetMinutes !== 'number')
    return `${EVENT_LABELS[event.kind]}${cycle}`;
  return `Applied ${String(policyName)}: ${formatMinutes(targetMinutes)} ${String(hours)} time${cycle}`;
}

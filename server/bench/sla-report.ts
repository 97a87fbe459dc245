import { type DueRound, type HistoryFigures, percentile, type SchedulerFigures } from './sla-measure.ts';

export type RecomputeFigures = {
  label: string;
  tickets: number;
  seconds: number;
  /** Milliseconds per transaction of up to 200 tickets. */
  batches: number[];
  timers: Record<string, number>;
  load: string;
};

export type SlaReport = {
  recomputeTickets: number;
  history: HistoryFigures;
  recomputes: RecomputeFigures[];
  scheduling: SchedulerFigures[];
  rounds: DueRound[];
  due: number;
  cores: number;
  load: string;
};

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const grouped = (value: number) => value.toLocaleString('en-US');

/** The figures as Markdown tables, ready for docs/benchmarks.md. */
export function formatSlaReport(report: SlaReport): string {
  const lines = ['', `SLA results (${report.cores} cores, load average at the end ${report.load}):`, ''];
  lines.push(
    '| Recompute (one organization)    | Tickets | Seconds | Tickets/s | Batch p50 ms | Batch p99 ms | Load 1/5/15 before / after |',
    '| ------------------------------- | ------: | ------: | --------: | -----------: | -----------: | -------------------------- |',
  );
  for (const run of report.recomputes) {
    lines.push(
      `| ${run.label} | ${grouped(run.tickets)} | ${run.seconds.toFixed(1)} | ${(run.tickets / run.seconds).toFixed(0)} | ` +
        `${ms(percentile(run.batches, 0.5))} | ${ms(percentile(run.batches, 0.99))} | ${run.load} |`,
    );
  }
  lines.push('', `Histories: ${JSON.stringify(report.history)}`);
  for (const run of report.recomputes)
    lines.push(`Timers after "${run.label}": ${JSON.stringify(run.timers)}`);
  lines.push(
    '',
    '| Scheduler, nothing due | Open tickets | Timers | runDue p50 ms | runDue p99 ms | nextCheck p50 ms | nextCheck p99 ms | Load |',
    '| ---------------------- | -----------: | -----: | ------------: | ------------: | ---------------: | ---------------: | ---- |',
  );
  for (const size of report.scheduling) {
    lines.push(
      `| ${size.runDueMs.length} calls each | ${grouped(size.openTickets)} | ${grouped(size.timers)} | ` +
        `${ms(percentile(size.runDueMs, 0.5))} | ${ms(percentile(size.runDueMs, 0.99))} | ` +
        `${ms(percentile(size.nextCheckMs, 0.5))} | ${ms(percentile(size.nextCheckMs, 0.99))} | ${size.load} |`,
    );
  }
  const largest = report.scheduling.at(-1);
  if (largest) {
    lines.push('', `Plans at ${grouped(largest.openTickets)} open tickets:`, '');
    lines.push(...largest.duePlan.map((line) => `    ${line}`), '');
    lines.push(...largest.nextCheckPlan.map((line) => `    ${line}`));
  }
  if (report.rounds.length > 0) {
    const roundMs = report.rounds.map((round) => round.ms);
    const perTicket = report.rounds.map((round) => round.ms / Math.max(1, round.checked));
    const checked = report.rounds.reduce((sum, round) => sum + round.checked, 0);
    const events = report.rounds.reduce((sum, round) => sum + round.events, 0);
    const seconds = roundMs.reduce((sum, value) => sum + value, 0) / 1000;
    lines.push(
      '',
      `Due rounds: ${report.rounds.length} rounds of ${report.due} due timers among ${grouped(largest?.openTickets ?? 0)} open tickets; ` +
        `${checked} tickets checked, ${events} SLA events written`,
      `  round p50 ${ms(percentile(roundMs, 0.5))} ms, p99 ${ms(percentile(roundMs, 0.99))} ms; ` +
        `per due ticket p50 ${ms(percentile(perTicket, 0.5))} ms, p99 ${ms(percentile(perTicket, 0.99))} ms; ` +
        `${(checked / seconds).toFixed(0)} tickets/s`,
    );
  }
  return lines.join('\n');
}

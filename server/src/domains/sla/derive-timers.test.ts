import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deriveTimerCourses,
  type HistoryEvent,
  type StatusInfo,
  type TicketHistory,
} from './derive-timers.ts';
import { ROUND_THE_CLOCK, timerFigures } from './timer-figures.ts';

const STATUSES = new Map<string, StatusInfo>([
  ['open', { name: 'Open', category: 'open', pausesSla: false }],
  ['waiting', { name: 'Waiting on customer', category: 'pending', pausesSla: true }],
  ['solved', { name: 'Resolved', category: 'solved', pausesSla: false }],
]);
const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00Z`);
const history = (events: HistoryEvent[]): TicketHistory => ({
  createdAt: at('09:00'),
  initialStatusId: 'open',
  events,
});
const status = (hhmm: string, statusId: string): HistoryEvent => ({ type: 'status', at: at(hhmm), statusId });
const reply = (hhmm: string, by: 'agent' | 'contact'): HistoryEvent => ({ type: 'reply', at: at(hhmm), by });
const ALL = ['first_response', 'next_response', 'resolution'] as const;

describe('timer courses from a ticket history', () => {
  it('a pausing status holds only the timers named pausable; a solved status stops them all', () => {
    const courses = deriveTimerCourses(
      history([status('10:00', 'waiting'), status('11:00', 'open'), status('12:00', 'solved')]),
      STATUSES,
      { timers: ALL, pausable: ['resolution'] },
    );
    const first = courses.find((course) => course.timer === 'first_response');
    assert.equal(first?.state, 'stopped');
    assert.deepEqual(
      first?.pauses.map((pause) => [pause.kind, pause.from.toISOString(), pause.to]),
      [['stopped', at('12:00').toISOString(), null]],
    );
    const resolution = courses.find((course) => course.timer === 'resolution');
    assert.equal(resolution?.state, 'fulfilled');
    assert.equal(resolution?.fulfilledAt?.toISOString(), at('12:00').toISOString());
    assert.deepEqual(
      resolution?.pauses.map((pause) => [pause.statusName, pause.to?.toISOString()]),
      [['Waiting on customer', at('11:00').toISOString()]],
    );
    assert.equal(
      courses.some((course) => course.timer === 'next_response'),
      false,
    );
  });

  it('next response: a cycle per unanswered customer message after the first answer, from its first message', () => {
    const events = [
      reply('09:10', 'contact'), // before any answer: first response covers it
      reply('09:30', 'agent'),
      reply('10:00', 'contact'),
      reply('10:05', 'contact'), // the same cycle
      reply('10:20', 'agent'),
      reply('11:00', 'contact'),
    ];
    const [next] = deriveTimerCourses(history(events), STATUSES, { timers: ['next_response'], pausable: [] });
    assert.equal(next?.cycle, 2);
    assert.equal(next?.startedAt.toISOString(), at('11:00').toISOString());
    assert.equal(next?.state, 'running');
    const [answered] = deriveTimerCourses(history(events.slice(0, 5)), STATUSES, {
      timers: ['next_response'],
      pausable: [],
    });
    assert.equal(answered?.cycle, 1);
    assert.equal(answered?.startedAt.toISOString(), at('10:00').toISOString());
    assert.equal(answered?.fulfilledAt?.toISOString(), at('10:20').toISOString());
  });

  it('reopening resumes resolution with the time used; a status deleted since counts as working time', () => {
    const [resolution] = deriveTimerCourses(
      history([status('10:00', 'solved'), status('12:00', 'gone')]),
      STATUSES,
      { timers: ['resolution'], pausable: ['resolution'] },
    );
    assert.ok(resolution);
    assert.equal(resolution.state, 'running');
    const figures = timerFigures(
      resolution,
      { spec: ROUND_THE_CLOCK, targetMinutes: 180, atRisk: { percent: 50 } },
      at('12:30'),
    );
    // 60 minutes before the solve, 30 after the reopening; two hours solved do not count.
    assert.equal(figures.usedMinutes, 90);
    assert.equal(figures.stage, 'at_risk');
    assert.equal(figures.dueAt?.toISOString(), at('14:00').toISOString());
  });

  it('an answer at the due instant is on time, one a minute later breaches; a paused timer keeps its figures', () => {
    const terms = { spec: ROUND_THE_CLOCK, targetMinutes: 60, atRisk: { minutesBefore: 10 } };
    const stageAnsweredAt = (hhmm: string) => {
      const [course] = deriveTimerCourses(history([reply(hhmm, 'agent')]), STATUSES, {
        timers: ['first_response'],
        pausable: [],
      });
      assert.ok(course);
      return timerFigures(course, terms, at('12:00')).stage;
    };
    assert.equal(stageAnsweredAt('10:00'), 'at_risk');
    assert.equal(stageAnsweredAt('10:01'), 'breached');
    const [paused] = deriveTimerCourses(history([status('09:20', 'waiting')]), STATUSES, {
      timers: ['first_response'],
      pausable: ['first_response'],
    });
    assert.ok(paused);
    const figures = timerFigures(paused, terms, at('18:00'));
    assert.equal(paused.state, 'paused');
    assert.deepEqual([figures.usedMinutes, figures.remainingMinutes, figures.dueAt], [20, 40, null]);
  });
});

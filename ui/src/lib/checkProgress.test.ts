import { describe, expect, it } from 'vitest';
import type { CheckProgress } from '../ipc/types';
import { checkResult } from './checkFixtures.test-util';
import {
  IDLE,
  applyProgress,
  awaitsConfirmation,
  countStates,
  isRunning,
  rowDurationMs,
  sessionFailed,
  sessionKnown,
  startSession,
  withResult,
  type SessionProgress,
} from './checkProgress';

const result = checkResult;

const CHECKS = [
  { name: 'api-health', kind: 'http' as const },
  { name: 'db', kind: 'sql' as const },
  { name: 'eyeball', kind: 'manual' as const },
];

function fold(state: SessionProgress, events: CheckProgress[], now = 1000): SessionProgress {
  return events.reduce((s, e) => applyProgress(s, e, now), state);
}

const stateOf = (s: SessionProgress, name: string) => s.rows.find((r) => r.name === name)?.state;

describe('check progress', () => {
  it('queues every selected check and walks each through running, retrying and its status', () => {
    let s = sessionKnown(startSession(CHECKS), 's1');
    expect(s.rows.map((r) => r.state)).toEqual(['queued', 'queued', 'queued']);
    expect(isRunning(s)).toBe(true);

    s = fold(s, [
      { type: 'started', session: 's1', name: 'api-health' },
      { type: 'started', session: 's1', name: 'db' },
    ]);
    expect(stateOf(s, 'api-health')).toBe('running');
    expect(stateOf(s, 'eyeball')).toBe('queued');

    s = applyProgress(s, { type: 'retrying', session: 's1', name: 'db', attempt: 2, message: 'connection refused' }, 2000);
    const db = s.rows.find((r) => r.name === 'db');
    expect(db).toMatchObject({ state: 'retrying', attempt: 2, message: 'connection refused', startedAt: 1000 });

    s = fold(s, [
      { type: 'finished', session: 's1', result: result('api-health', 'warn') },
      { type: 'finished', session: 's1', result: result('db', 'fail', { kind: 'sql' }) },
      { type: 'started', session: 's1', name: 'eyeball' },
      { type: 'finished', session: 's1', result: result('eyeball', 'inconclusive', { kind: 'manual' }) },
    ]);
    expect(s.rows.map((r) => r.state)).toEqual(['warn', 'fail', 'inconclusive']);
    expect(s.rows[1]?.message).toBe('db fail');
    expect(isRunning(s)).toBe(true);

    s = applyProgress(s, { type: 'done', session: 's1', cancelled: false });
    expect(isRunning(s)).toBe(false);
    expect(s.done).toBe(true);
    const counts = countStates(s.rows);
    expect([counts.pass, counts.warn, counts.fail, counts.inconclusive, counts.queued]).toEqual([0, 1, 1, 1, 0]);
  });

  it('keeps events that arrive before the session id and replays only that session’s', () => {
    let s = startSession(CHECKS);
    s = fold(s, [
      { type: 'started', session: 'other', name: 'api-health' },
      { type: 'started', session: 's1', name: 'api-health' },
      { type: 'finished', session: 's1', result: result('api-health', 'pass') },
    ]);
    expect(s.early).toHaveLength(3);
    expect(stateOf(s, 'api-health')).toBe('queued');
    s = sessionKnown(s, 's1');
    expect(s.early).toEqual([]);
    expect(stateOf(s, 'api-health')).toBe('pass');
  });

  it('ignores events of other sessions and events when nothing was asked for', () => {
    const s = sessionKnown(startSession(CHECKS), 's1');
    expect(applyProgress(s, { type: 'done', session: 's2', cancelled: true })).toBe(s);
    expect(applyProgress(IDLE, { type: 'started', session: 's1', name: 'x' })).toBe(IDLE);
  });

  it('adds a row for a check it did not know and records a cancellation', () => {
    let s = sessionKnown(startSession([]), 's1');
    s = fold(s, [
      { type: 'finished', session: 's1', result: result('surprise', 'inconclusive', { message: 'cancelled' }) },
      { type: 'done', session: 's1', cancelled: true },
    ]);
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ name: 'surprise', kind: 'http', state: 'inconclusive', message: 'cancelled' });
    expect(s.cancelled).toBe(true);
  });

  it('asks a person only for a manual check the run left inconclusive, and takes their answer', () => {
    let s = sessionKnown(startSession(CHECKS), 's1');
    expect(s.rows.some(awaitsConfirmation)).toBe(false);
    s = applyProgress(s, { type: 'finished', session: 's1', result: result('eyeball', 'inconclusive', { kind: 'manual' }) });
    expect(s.rows.filter(awaitsConfirmation).map((r) => r.name)).toEqual(['eyeball']);
    s = withResult(s, result('eyeball', 'pass', { kind: 'manual', session: 'm1', message: 'confirmed by Ada: ok' }));
    expect(stateOf(s, 'eyeball')).toBe('pass');
    expect(s.rows.some(awaitsConfirmation)).toBe(false);
  });

  it('times a running check by the local clock and an ended one by its result', () => {
    let s = sessionKnown(startSession(CHECKS), 's1');
    expect(rowDurationMs(s.rows[0]!, 5000)).toBeNull();
    s = applyProgress(s, { type: 'started', session: 's1', name: 'api-health' }, 1000);
    expect(rowDurationMs(s.rows[0]!, 3500)).toBe(2500);
    s = applyProgress(s, { type: 'finished', session: 's1', result: result('api-health', 'pass') }, 4000);
    expect(rowDurationMs(s.rows[0]!, 9000)).toBe(42);
  });

  it('clears the table when the session could not start', () => {
    const s = sessionFailed(startSession(CHECKS));
    expect(s.rows).toEqual([]);
    expect(isRunning(s)).toBe(false);
  });
});

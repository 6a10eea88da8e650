import { describe, expect, it } from 'vitest';
import { makeRun, runStep } from './fixtures.test-util';
import {
  canCompleteRun,
  neighbourStepId,
  nextOpenAfter,
  nextOpenStepId,
  overallProgress,
  percent,
  phaseProgress,
  plannedTotalMinutes,
  stateCounts,
  walkOrder,
  withStep,
} from './runProgress';

describe('nextOpenStepId', () => {
  it('prefers the first step in progress', () => {
    const run = makeRun([2, 2], { 1: 'done', 2: 'pending', 3: 'in_progress' });
    expect(nextOpenStepId(run)).toBe(3);
  });

  it('otherwise takes the first step not done or skipped (failed and blocked count as open)', () => {
    expect(nextOpenStepId(makeRun([3], { 1: 'done', 2: 'skipped' }))).toBe(3);
    expect(nextOpenStepId(makeRun([3], { 1: 'done', 2: 'failed' }))).toBe(2);
    expect(nextOpenStepId(makeRun([3], { 1: 'blocked' }))).toBe(1);
  });

  it('is null when everything is settled', () => {
    expect(nextOpenStepId(makeRun([1, 1], { 1: 'done', 2: 'skipped' }))).toBeNull();
  });

  it('follows the snapshot walking order, not the order of run.steps', () => {
    const run = makeRun([2, 1], { 1: 'done' });
    run.steps = [...run.steps].reverse();
    expect(nextOpenStepId(run)).toBe(2);
  });
});

describe('nextOpenAfter', () => {
  it('moves to the following open step, skipping settled ones', () => {
    const run = makeRun([2, 2], { 1: 'done', 2: 'done' });
    expect(nextOpenAfter(run, 1)).toBe(3);
  });

  it('wraps around to an earlier open step', () => {
    const run = makeRun([3], { 1: 'pending', 2: 'done', 3: 'done' });
    expect(nextOpenAfter(run, 3)).toBe(1);
  });

  it('is null when nothing else is open', () => {
    expect(nextOpenAfter(makeRun([2], { 1: 'done', 2: 'done' }), 2)).toBeNull();
  });
});

describe('neighbourStepId', () => {
  const run = makeRun([2, 2]);
  it('walks across phases and stops at the ends', () => {
    expect(neighbourStepId(run, 2, 1)).toBe(3);
    expect(neighbourStepId(run, 3, -1)).toBe(2);
    expect(neighbourStepId(run, 4, 1)).toBe(4);
    expect(neighbourStepId(run, 1, -1)).toBe(1);
  });
  it('starts at an end when nothing is selected', () => {
    expect(neighbourStepId(run, null, 1)).toBe(1);
    expect(neighbourStepId(run, null, -1)).toBe(4);
  });
});

describe('progress', () => {
  const run = makeRun([3, 2], { 1: 'done', 2: 'skipped', 3: 'failed', 4: 'done' }, { 1: 10, 2: 5, 5: 45 });

  it('counts done and skipped per phase', () => {
    expect(phaseProgress(run)).toEqual([
      { settled: 2, total: 3 },
      { settled: 1, total: 2 },
    ]);
    expect(overallProgress(run)).toEqual({ settled: 3, total: 5 });
    expect(percent(overallProgress(run))).toBe(60);
    expect(percent({ settled: 0, total: 0 })).toBe(0);
  });

  it('counts steps per state', () => {
    expect(stateCounts(run)).toMatchObject({ done: 2, skipped: 1, failed: 1, pending: 1, blocked: 0 });
  });

  it('sums planned durations', () => {
    expect(plannedTotalMinutes(run)).toBe(60);
  });

  it('allows completing only an open run with every step settled', () => {
    expect(canCompleteRun(run)).toBe(false);
    const all = makeRun([2], { 1: 'done', 2: 'skipped' });
    expect(canCompleteRun(all)).toBe(true);
    expect(canCompleteRun({ ...all, state: 'aborted' })).toBe(false);
  });
});

describe('withStep', () => {
  it('replaces the state of one step and leaves the run untouched', () => {
    const run = makeRun([2]);
    const next = withStep(run, runStep(2, 'done'));
    expect(next.steps.map((s) => s.state)).toEqual(['pending', 'done']);
    expect(run.steps[1]?.state).toBe('pending');
  });
});

describe('walkOrder', () => {
  it('leaves out steps without an id and numbers the rest', () => {
    const run = makeRun([2]);
    run.snapshot.phases[0]?.steps.push({ ...run.snapshot.phases[0].steps[0]!, id: null });
    expect(walkOrder(run).map((w) => [w.stepId, w.index, w.phaseIndex])).toEqual([
      [1, 0, 0],
      [2, 1, 0],
    ]);
  });

  it('numbers steps phase.step, as the report and the CLI do', () => {
    expect(walkOrder(makeRun([2, 3])).map((w) => w.number)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3']);
  });
});

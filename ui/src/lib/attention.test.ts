import { describe, expect, it } from 'vitest';
import { runAttention, whyNotComplete, whyNotStepAction } from './attention';
import { canApply } from './stepRules';
import type { StepState } from '../ipc/types';

const counts = (c: Partial<Record<StepState, number>>): Record<StepState, number> => ({
  pending: 0,
  in_progress: 0,
  done: 0,
  skipped: 0,
  failed: 0,
  blocked: 0,
  ...c,
});

describe('runAttention', () => {
  it('is red with a decision to make when a step failed', () => {
    expect(runAttention('in_progress', 1, 0)).toEqual({ colour: 'red', detail: '1 failed · needs a decision' });
    expect(runAttention('in_progress', 2, 1)).toEqual({ colour: 'red', detail: '2 failed · 1 blocked · needs a decision' });
  });

  it('is orange when steps are only blocked', () => {
    expect(runAttention('planned', 0, 3)).toEqual({ colour: 'orange', detail: '3 blocked · waiting on something' });
  });

  it('is nothing for a healthy run or a closed one', () => {
    expect(runAttention('in_progress', 0, 0)).toBeNull();
    expect(runAttention('aborted', 1, 0)).toBeNull();
  });
});

describe('whyNotComplete', () => {
  it('counts what is still open', () => {
    expect(whyNotComplete('in_progress', counts({ pending: 3, done: 4 }))).toBe('3 steps still pending');
    expect(whyNotComplete('in_progress', counts({ pending: 1 }))).toBe('1 step still pending');
    expect(whyNotComplete('in_progress', counts({ pending: 2, failed: 1, in_progress: 1 }))).toBe(
      '4 steps not done or skipped: 2 pending, 1 in progress, 1 failed',
    );
  });

  it('is null when every step is settled, and says so when the run is closed', () => {
    expect(whyNotComplete('in_progress', counts({ done: 3, skipped: 1 }))).toBeNull();
    expect(whyNotComplete('completed', counts({ done: 3 }))).toBe('The run is closed');
  });
});

describe('whyNotStepAction', () => {
  it('gives a reason for every refused action and none for an allowed one', () => {
    const states: StepState[] = ['pending', 'in_progress', 'done', 'skipped', 'failed', 'blocked'];
    for (const action of ['start', 'complete', 'skip', 'fail', 'block', 'reopen'] as const) {
      for (const state of states) {
        const allowed = canApply(action, state, 'in_progress');
        const why = whyNotStepAction(action, state, 'in_progress', allowed);
        expect(why === null, `${action} on ${state}`).toBe(allowed);
      }
    }
  });

  it('names the state that stops it', () => {
    expect(whyNotStepAction('complete', 'done', 'in_progress', false)).toBe('The step is already done');
    expect(whyNotStepAction('complete', 'blocked', 'in_progress', false)).toBe('The step is blocked: start it again first');
    expect(whyNotStepAction('start', 'pending', 'completed', false)).toBe('The run is completed');
  });
});

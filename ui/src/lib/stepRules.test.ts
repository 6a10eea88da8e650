import { describe, expect, it } from 'vitest';
import { canApply, needsReason } from './stepRules';

describe('canApply', () => {
  it('ticks only pending or in-progress steps', () => {
    expect(canApply('complete', 'pending', 'in_progress')).toBe(true);
    expect(canApply('complete', 'in_progress', 'planned')).toBe(true);
    expect(canApply('complete', 'done', 'in_progress')).toBe(false);
    expect(canApply('complete', 'blocked', 'in_progress')).toBe(false);
  });

  it('starts pending, blocked or failed steps and reopens settled or failed ones', () => {
    expect(canApply('start', 'failed', 'in_progress')).toBe(true);
    expect(canApply('start', 'in_progress', 'in_progress')).toBe(false);
    expect(canApply('reopen', 'skipped', 'in_progress')).toBe(true);
    expect(canApply('reopen', 'pending', 'in_progress')).toBe(false);
  });

  it('allows nothing in a closed run', () => {
    for (const state of ['completed', 'aborted', 'rolled_back'] as const) {
      expect(canApply('start', 'pending', state)).toBe(false);
      expect(canApply('reopen', 'done', state)).toBe(false);
    }
  });

  it('asks a reason for skip, fail, block and reopen only', () => {
    expect(['start', 'complete', 'skip', 'fail', 'block', 'reopen'].filter((a) => needsReason(a as never))).toEqual([
      'skip',
      'fail',
      'block',
      'reopen',
    ]);
  });
});

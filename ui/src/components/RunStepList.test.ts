import { describe, expect, it } from 'vitest';
import { pendingStep } from './RunStepList';

describe('pendingStep', () => {
  it('gives the same object for a step every time, so a memoised row of a pending step keeps its props', () => {
    expect(pendingStep(7)).toBe(pendingStep(7));
    expect(pendingStep(7)).not.toBe(pendingStep(8));
    expect(pendingStep(7)).toMatchObject({ step_id: 7, state: 'pending', notes: [] });
  });
});

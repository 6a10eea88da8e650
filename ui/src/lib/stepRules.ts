// Which actions apply to a step in a given state (the same rules the backend enforces).
import type { RunState, StepState } from '../ipc/types';
import { isRunOpen } from './runProgress';

export type StepActionName = 'start' | 'complete' | 'skip' | 'fail' | 'block' | 'reopen';

const FROM: Record<StepActionName, readonly StepState[]> = {
  start: ['pending', 'blocked', 'failed'],
  complete: ['pending', 'in_progress'],
  skip: ['pending', 'in_progress', 'blocked'],
  fail: ['pending', 'in_progress', 'blocked'],
  block: ['pending', 'in_progress'],
  reopen: ['done', 'skipped', 'failed'],
};

/** Whether `action` is allowed on a step in `state` of a run in `runState`. */
export function canApply(action: StepActionName, state: StepState, runState: RunState): boolean {
  return isRunOpen(runState) && FROM[action].includes(state);
}

/** Whether the action needs a reason. */
export function needsReason(action: StepActionName): boolean {
  return action !== 'start' && action !== 'complete';
}

/** Words for an action, for buttons and dialog titles. */
export const ACTION_LABEL: Record<StepActionName, string> = {
  start: 'Start',
  complete: 'Tick off',
  skip: 'Skip',
  fail: 'Fail',
  block: 'Block',
  reopen: 'Reopen',
};

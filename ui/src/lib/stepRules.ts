// Which actions apply to a step in a given state: the backend's table, generated into bindings/stepRules.ts.
import { STEP_ACTION_FROM, STEP_ACTION_NEEDS_REASON, type StepActionName } from '../bindings/stepRules';
import type { RunState, StepState } from '../ipc/types';
import { isRunOpen } from './runProgress';

export type { StepActionName };

/** Whether `action` is allowed on a step in `state` of a run in `runState`. */
export function canApply(action: StepActionName, state: StepState, runState: RunState): boolean {
  return isRunOpen(runState) && STEP_ACTION_FROM[action].includes(state);
}

/** Whether the action needs a reason. */
export function needsReason(action: StepActionName): boolean {
  return STEP_ACTION_NEEDS_REASON[action];
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

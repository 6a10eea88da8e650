// Generated from runsheet-core (StepAction::target) by scripts/bindings.sh. Do not edit.
import type { StepState } from './run';

/** What a person can do to a step. */
export type StepActionName = "start" | "complete" | "skip" | "fail" | "block" | "reopen";

/** The states of a step each action applies from, in an open run. */
export const STEP_ACTION_FROM: Record<StepActionName, readonly StepState[]> = {
  start: ["pending", "failed", "blocked"],
  complete: ["pending", "in_progress"],
  skip: ["pending", "in_progress", "blocked"],
  fail: ["pending", "in_progress", "blocked"],
  block: ["pending", "in_progress"],
  reopen: ["done", "skipped", "failed"],
};

/** Whether the action needs a reason. */
export const STEP_ACTION_NEEDS_REASON: Record<StepActionName, boolean> = {
  start: false,
  complete: false,
  skip: true,
  fail: true,
  block: true,
  reopen: true,
};

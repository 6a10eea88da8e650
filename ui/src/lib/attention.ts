// Whether a run needs someone to act, and why a run or step action is not available: a failure must be impossible
// to miss, and a greyed-out button must say what would enable it.
import type { RunState, StepState } from '../ipc/types';
import { isRunOpen } from './runProgress';
import type { StepActionName } from './stepRules';

export type Attention = {
  /** The colour of the problem: red for a failure, orange for a block. */
  colour: 'red' | 'orange';
  /** What is wrong and what it needs, e.g. `1 failed · needs a decision`. */
  detail: string;
};

/** Whether an open run with `failed` and `blocked` steps needs attention, and in which colour; null when not. */
export function runAttention(state: RunState, failed: number, blocked: number): Attention | null {
  if (!isRunOpen(state) || (failed === 0 && blocked === 0)) return null;
  const parts: string[] = [];
  if (failed > 0) parts.push(`${failed} failed`);
  if (blocked > 0) parts.push(`${blocked} blocked`);
  parts.push(failed > 0 ? 'needs a decision' : 'waiting on something');
  return { colour: failed > 0 ? 'red' : 'orange', detail: parts.join(' · ') };
}

function steps(n: number): string {
  return n === 1 ? '1 step' : `${n} steps`;
}

/** Why "Complete run" is not available, or null when it is. */
export function whyNotComplete(state: RunState, counts: Record<StepState, number>): string | null {
  if (!isRunOpen(state)) return 'The run is closed';
  const open = counts.pending + counts.in_progress + counts.failed + counts.blocked;
  if (open === 0) return null;
  if (open === counts.pending) return `${steps(open)} still pending`;
  const parts = (
    [
      ['pending', counts.pending],
      ['in progress', counts.in_progress],
      ['failed', counts.failed],
      ['blocked', counts.blocked],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${n} ${label}`);
  return `${steps(open)} not done or skipped: ${parts.join(', ')}`;
}

const STATE_WORDS: Record<StepState, string> = {
  pending: 'pending',
  in_progress: 'in progress',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  blocked: 'blocked',
};

const RUN_WORDS: Record<RunState, string> = {
  planned: 'planned',
  in_progress: 'in progress',
  completed: 'completed',
  aborted: 'aborted',
  rolled_back: 'rolled back',
};

/** Why a step action is not available (`canApply` said no), in a few words; null when it is. */
export function whyNotStepAction(action: StepActionName, state: StepState, runState: RunState, allowed: boolean): string | null {
  if (allowed) return null;
  if (!isRunOpen(runState)) return `The run is ${RUN_WORDS[runState]}`;
  const is = `The step is ${STATE_WORDS[state]}`;
  switch (action) {
    case 'start':
      return state === 'in_progress' ? 'The step is already in progress' : `${is}: reopen it first`;
    case 'complete':
      if (state === 'done') return 'The step is already done';
      return state === 'failed' || state === 'blocked' ? `${is}: start it again first` : `${is}: reopen it first`;
    case 'skip':
    case 'fail':
    case 'block':
      return state === 'failed' || state === 'blocked' ? `${is}: start it again first` : `${is}: reopen it first`;
    case 'reopen':
      return `${is}: only a done, skipped or failed step can be reopened`;
  }
}

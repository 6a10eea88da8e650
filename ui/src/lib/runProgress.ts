// Where a run stands: walking order, the next open step, progress per phase.
import type { Run, RunState, RunStep, Step, StepState } from '../ipc/types';

/** A step of the run's snapshot with its place in the walking order. */
/** A step in walking order; `number` is how people name it everywhere (app, report, CLI): phase.step, `4.3`. */
export type WalkStep = { stepId: number; step: Step; phaseIndex: number; index: number; number: string };

/** The part of a run that progress is computed from. */
export type RunLike = Pick<Run, 'snapshot' | 'steps'>;

export type Progress = { settled: number; total: number };

/** Done or skipped: nothing more is expected of the step. */
export function isSettled(state: StepState): boolean {
  return state === 'done' || state === 'skipped';
}

/** Planned or in progress: steps can still change. */
export function isRunOpen(state: RunState): boolean {
  return state === 'planned' || state === 'in_progress';
}

/** A step's number from its phase's and its own position (both from 0): `4.3`. */
export function stepNumber(phaseIndex: number, stepIndex: number): string {
  return `${phaseIndex + 1}.${stepIndex + 1}`;
}

/** Every saved step of the snapshot, phase by phase. */
export function walkOrder(run: RunLike): WalkStep[] {
  const out: WalkStep[] = [];
  run.snapshot.phases.forEach((phase, phaseIndex) => {
    phase.steps.forEach((step, s) => {
      if (step.id !== null) out.push({ stepId: step.id, step, phaseIndex, index: out.length, number: stepNumber(phaseIndex, s) });
    });
  });
  return out;
}

/** The state of each step by id. */
export function stepStates(run: RunLike): Map<number, RunStep> {
  return new Map(run.steps.map((s) => [s.step_id, s]));
}

function stateOf(states: Map<number, RunStep>, stepId: number): StepState {
  return states.get(stepId)?.state ?? 'pending';
}

/** The step that needs attention: the first in progress, else the first not done or skipped; null when all are. */
export function nextOpenStepId(run: RunLike): number | null {
  const order = walkOrder(run);
  const states = stepStates(run);
  const busy = order.find((w) => stateOf(states, w.stepId) === 'in_progress');
  if (busy) return busy.stepId;
  return order.find((w) => !isSettled(stateOf(states, w.stepId)))?.stepId ?? null;
}

/** The first open step after `stepId` in walking order, wrapping around; null when every step is settled. */
export function nextOpenAfter(run: RunLike, stepId: number): number | null {
  const order = walkOrder(run);
  const states = stepStates(run);
  const at = order.findIndex((w) => w.stepId === stepId);
  for (let i = 1; i <= order.length; i++) {
    const w = order[(at + i + order.length) % order.length];
    if (w && w.stepId !== stepId && !isSettled(stateOf(states, w.stepId))) return w.stepId;
  }
  return null;
}

/** The step `delta` places away from `stepId` in walking order, clamped to the ends. */
export function neighbourStepId(run: RunLike, stepId: number | null, delta: number): number | null {
  const order = walkOrder(run);
  if (order.length === 0) return null;
  const at = order.findIndex((w) => w.stepId === stepId);
  if (at < 0) return order[delta >= 0 ? 0 : order.length - 1]?.stepId ?? null;
  const to = Math.min(order.length - 1, Math.max(0, at + delta));
  return order[to]?.stepId ?? null;
}

/** Settled over all steps, per phase of the snapshot. */
export function phaseProgress(run: RunLike): Progress[] {
  const states = stepStates(run);
  return run.snapshot.phases.map((phase) => {
    const ids = phase.steps.flatMap((s) => (s.id === null ? [] : [s.id]));
    return { settled: ids.filter((id) => isSettled(stateOf(states, id))).length, total: ids.length };
  });
}

/** Settled over all steps of the run. */
export function overallProgress(run: RunLike): Progress {
  return phaseProgress(run).reduce((a, p) => ({ settled: a.settled + p.settled, total: a.total + p.total }), {
    settled: 0,
    total: 0,
  });
}

/** Percent, 0 for an empty total. */
export function percent(p: Progress): number {
  return p.total === 0 ? 0 : Math.round((p.settled / p.total) * 100);
}

/** Counts of steps per state. */
export function stateCounts(run: RunLike): Record<StepState, number> {
  const counts: Record<StepState, number> = { pending: 0, in_progress: 0, done: 0, skipped: 0, failed: 0, blocked: 0 };
  const states = stepStates(run);
  for (const w of walkOrder(run)) counts[stateOf(states, w.stepId)] += 1;
  return counts;
}

/** Whether the run can be closed as completed: it is open and every step is done or skipped. */
export function canCompleteRun(run: RunLike & Pick<Run, 'state'>): boolean {
  const p = overallProgress(run);
  return isRunOpen(run.state) && p.settled === p.total;
}

/** The sum of the planned durations of all steps, in minutes. */
export function plannedTotalMinutes(run: RunLike): number {
  return walkOrder(run).reduce((sum, w) => sum + (w.step.duration_min ?? 0), 0);
}

/** The run with one step's state replaced (as returned by a transition). */
export function withStep<R extends RunLike>(run: R, step: RunStep): R {
  const known = run.steps.some((s) => s.step_id === step.step_id);
  return {
    ...run,
    steps: known ? run.steps.map((s) => (s.step_id === step.step_id ? step : s)) : [...run.steps, step],
  };
}

// Small runs for the tests.
import type { Run, RunStep, Step, StepState } from '../ipc/types';
import { emptyStep } from './runbookDraft';

export function step(id: number, title: string, extra: Partial<Step> = {}): Step {
  return { ...emptyStep(), id, title, ...extra };
}

export function runStep(stepId: number, state: StepState): RunStep {
  return { step_id: stepId, state, actor: null, started_at: null, ended_at: null, reason: null, notes: [] };
}

/** A run with phases of steps numbered from 1, in the given states (pending by default). */
export function makeRun(phases: number[], states: Record<number, StepState> = {}, durations: Record<number, number> = {}): Run {
  let next = 1;
  const snapshotPhases = phases.map((count, p) => ({
    id: p + 1,
    title: `Phase ${p + 1}`,
    notes: '',
    steps: Array.from({ length: count }, () => {
      const id = next++;
      return step(id, `Step ${id}`, { duration_min: durations[id] ?? null });
    }),
  }));
  const ids = snapshotPhases.flatMap((p) => p.steps.map((s) => s.id as number));
  return {
    id: 1,
    runbook_id: 1,
    release: 'v1',
    environment_id: null,
    environment: '',
    state: 'in_progress',
    snapshot: {
      id: 1,
      kind: 'runbook',
      title: 'Go-live',
      description: '',
      phases: snapshotPhases,
      revision: 1,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
    },
    steps: ids.map((id) => runStep(id, states[id] ?? 'pending')),
    created_by: 'Ada',
    created_at: '2025-01-01T00:00:00Z',
    started_at: '2025-01-01T00:00:00Z',
    ended_at: null,
    end_reason: null,
    end_cause: null,
    template: null,
    schedule: null,
  };
}

import { call } from './invoke';
import type { NewRun, Run, RunAction, RunState, RunSummary, StepAction, StepChange, StepNote } from './types';

export const listRuns = (runbookId: number | null) => call<RunSummary[]>('list_runs', { runbookId });
export const getRun = (id: number) => call<Run>('get_run', { id });
export const createRun = (newRun: NewRun) => call<Run>('create_run', { newRun });
export const transitionStep = (runId: number, stepId: number, action: StepAction) =>
  call<StepChange>('transition_step', { runId, stepId, action });
export const addStepNote = (runId: number, stepId: number, text: string) =>
  call<StepNote>('add_step_note', { runId, stepId, text });
export const finishRun = (runId: number, action: RunAction) => call<RunState>('finish_run', { runId, action });

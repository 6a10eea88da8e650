import { call } from './invoke';
import type { Forecast, NewRun, Run, RunAction, RunMarks, RunSchedule, RunState, RunSummary, StepAction, StepChange, StepNote } from './types';

export const listRuns = (runbookId: number | null) => call<RunSummary[]>('list_runs', { runbookId });
export const getRun = (id: number) => call<Run>('get_run', { id });
/** Creates and starts a run; without a change time in `marks`, `repo` (a git repository) gives it from the release's tag. */
export const createRun = (newRun: NewRun, marks: RunMarks, repo: string | null) => call<Run>('create_run', { newRun, marks, repo });
export const transitionStep = (runId: number, stepId: number, action: StepAction) =>
  call<StepChange>('transition_step', { runId, stepId, action });
export const addStepNote = (runId: number, stepId: number, text: string) =>
  call<StepNote>('add_step_note', { runId, stepId, text });
export const finishRun = (runId: number, action: RunAction) => call<RunState>('finish_run', { runId, action });
/** Planned, forecast and actual times of a run, and its summary against its window. */
export const runForecast = (runId: number) => call<Forecast>('run_forecast', { runId });
/** Sets a run's schedule, or clears it with null. */
export const scheduleRun = (runId: number, schedule: RunSchedule | null) => call<Run>('schedule_run', { runId, schedule });

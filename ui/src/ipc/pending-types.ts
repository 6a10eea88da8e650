// Types of run commands that ts-rs exports to bindings/run.ts, mirrored here by hand until the bindings are
// regenerated (the Rust structs are in crates/runsheet-core/src/run.rs and transition.rs). Once bindings/run.ts
// exports them, replace the definitions below with `export type { … } from '../bindings/run';`.
import type { Runbook } from '../bindings/runbook';
import type { RunState, RunStep } from '../bindings/run';

/** A whole run, ready to render. */
export type Run = {
  id: number;
  runbook_id: number;
  release: string;
  environment_id: number | null;
  environment: string;
  state: RunState;
  snapshot: Runbook;
  steps: Array<RunStep>;
  created_by: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
};

/** A line of the run list. */
export type RunSummary = {
  id: number;
  runbook_id: number;
  title: string;
  release: string;
  environment: string;
  state: RunState;
  settled_steps: number;
  total_steps: number;
  created_at: string;
  ended_at: string | null;
};

/** What is needed to start a run. */
export type NewRun = { runbook_id: number; release: string; environment_id: number | null };

/** What a person does to a step. */
export type StepAction =
  | { action: 'start' }
  | { action: 'complete' }
  | { action: 'skip'; reason: string }
  | { action: 'fail'; reason: string }
  | { action: 'block'; reason: string }
  | { action: 'reopen'; reason: string };

/** What a person does to a whole run. */
export type RunAction = { action: 'complete' } | { action: 'abort'; reason: string } | { action: 'roll_back'; reason: string };

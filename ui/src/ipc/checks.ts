import { listen } from '@tauri-apps/api/event';
import { call } from './invoke';
import type {
  CheckProgress,
  CheckResult,
  CheckResultFilter,
  CheckSuite,
  CheckSuiteOutline,
  PlaygroundResult,
} from './types';

export type { PlaygroundResult };

export const listCheckSuites = () => call<CheckSuite[]>('list_check_suites');
/** Saves a suite (`id` 0 creates it); a malformed source is refused with `file:line:column: message`. */
export const saveCheckSuite = (id: number, name: string, source: string) =>
  call<CheckSuite>('save_check_suite', { id, name, source });
export const deleteCheckSuite = (id: number) => call<null>('delete_check_suite', { id });
export const describeCheckSuite = (id: number) => call<CheckSuiteOutline>('describe_check_suite', { id });
/** Starts a session and resolves to its id at once; progress arrives through {@link onCheckProgress}. */
export const runCheckSuite = (suiteId: number, environment: string, only: string[], runId: number | null = null, stepId: number | null = null) =>
  call<string>('run_check_suite', { suiteId, environment, only, runId, stepId });
/** Runs a check step's saved checks against its run's environment; progress comes as `check-progress` events. */
export const runStepChecks = (runId: number, stepId: number) => call<string>('run_step_checks', { runId, stepId });
export const cancelCheckSession = (session: string) => call<boolean>('cancel_check_session', { session });
export const listCheckResults = (filter: Partial<CheckResultFilter>) =>
  call<CheckResult[]>('list_check_results', {
    filter: {
      environment: filter.environment ?? null,
      name: filter.name ?? null,
      run_id: filter.run_id ?? null,
      session: filter.session ?? null,
      limit: filter.limit ?? null,
    } satisfies CheckResultFilter,
  });
export const confirmManualCheck = (
  name: string,
  environment: string,
  passed: boolean,
  note: string,
  runId: number | null = null,
  stepId: number | null = null,
) => call<CheckResult>('confirm_manual_check', { name, environment, passed, note, runId, stepId });

/** Evaluates a condition against observed values (`{status, headers, body, response_time_ms, …}`). */
export const evaluateCondition = (condition: string, observed: unknown) =>
  call<PlaygroundResult>('evaluate_condition', { condition, observed });

/** Calls `handler` for every `check-progress` event; resolves to the function that stops listening. */
export const onCheckProgress = (handler: (progress: CheckProgress) => void) =>
  listen<CheckProgress>('check-progress', (event) => handler(event.payload));

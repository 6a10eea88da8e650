import { call } from './invoke';
import type { RunComparison } from '../bindings/compare';

export type { BurnPoint, RunComparison, StepComparison } from '../bindings/compare';

/** A live run beside a rehearsal of the same runbook (the newest when `rehearsal` is null), `runsheet run compare`. */
export const compareRuns = (live: number, rehearsal: number | null, thresholdS: number) =>
  call<RunComparison>('compare_runs', { live, rehearsal, thresholdS });

import { call } from './invoke';
import type { BakeRecord, Rollback, RolloutStatus } from './types';

export const rolloutStatus = (runId: number) => call<RolloutStatus>('rollout_status', { runId });
/**
 * Starts (or picks up) a step's bake; the app drives it in the background and reports each round. `runAction`: a
 * person confirmed the step's action (webhook or command), which runs first where it is allowed.
 */
export const startBake = (runId: number, stepId: number, confirm: string | null, runAction: boolean) =>
  call<BakeRecord>('start_bake', { runId, stepId, confirm, runAction });
export const abortBake = (bakeId: number, reason: string) => call<BakeRecord>('abort_bake', { bakeId, reason });
export const startRollback = (runId: number, level: number, reason: string, confirm: string) =>
  call<Rollback>('start_rollback', { runId, level, reason, confirm });
export const tickRollbackStep = (runId: number, number: number) => call<Rollback>('tick_rollback_step', { runId, number });
export const listBakes = (runId: number) => call<BakeRecord[]>('list_bakes', { runId });

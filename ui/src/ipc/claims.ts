import { call } from './invoke';
import type { Claim, Handover } from './types';

export const runClaims = (runId: number) => call<Claim[]>('run_claims', { runId });
/** "I'm on it" for the profile's person; `takeOver` ends someone else's claim (recorded). */
export const claimStep = (runId: number, stepId: number, takeOver: boolean) =>
  call<Claim>('claim_step', { runId, stepId, takeOver });
export const releaseClaim = (runId: number, stepId: number) => call<null>('release_claim', { runId, stepId });
export const runHandovers = (runId: number) => call<Handover[]>('run_handovers', { runId });
export const handOver = (runId: number, to: string, note: string) => call<Handover>('hand_over', { runId, to, note });

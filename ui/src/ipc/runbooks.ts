import { call } from './invoke';
import type { Runbook, RunbookSummary } from './types';

export const listRunbooks = () => call<RunbookSummary[]>('list_runbooks');

/** The list asked for at launch (see `prefetchRunbooks`), and when. */
let early: { at: number; list: Promise<RunbookSummary[]> } | null = null;

/**
 * Asks for the runbook list at launch, beside the profile, instead of after the profile has been read and the
 * shell rendered: the list is the first screen. Called once, from `main.tsx`.
 */
export function prefetchRunbooks(): void {
  const list = listRunbooks();
  // A failure is reported by the page that uses the list, not here.
  list.catch(() => {});
  early = { at: performance.now(), list };
}

/** The list asked for at launch if it is still fresh (under a second old, used once), else a new one. */
export function firstRunbooks(): Promise<RunbookSummary[]> {
  const prefetched = early;
  early = null;
  return prefetched && performance.now() - prefetched.at < 1000 ? prefetched.list : listRunbooks();
}
export const getRunbook = (id: number) => call<Runbook>('get_runbook', { id });
export const createRunbook = (runbook: Runbook) => call<Runbook>('create_runbook', { runbook });
export const saveRunbook = (runbook: Runbook) => call<Runbook>('save_runbook', { runbook });
export const archiveRunbook = (id: number) => call<null>('archive_runbook', { id });

import { Prefetch } from '../lib/prefetch';
import { call } from './invoke';
import type { Runbook, RunbookSummary } from './types';

export const listRunbooks = () => call<RunbookSummary[]>('list_runbooks');

/** The list asked for at launch, beside the profile: the runbook list is the first screen. */
export const launchRunbooks = new Prefetch(listRunbooks);
export const getRunbook = (id: number) => call<Runbook>('get_runbook', { id });
export const createRunbook = (runbook: Runbook) => call<Runbook>('create_runbook', { runbook });
export const saveRunbook = (runbook: Runbook) => call<Runbook>('save_runbook', { runbook });
export const archiveRunbook = (id: number) => call<null>('archive_runbook', { id });

import { call } from './invoke';
import type { Runbook, RunbookSummary } from './types';

export const listRunbooks = () => call<RunbookSummary[]>('list_runbooks');

export const getRunbook = (id: number) => call<Runbook>('get_runbook', { id });
export const createRunbook = (runbook: Runbook) => call<Runbook>('create_runbook', { runbook });
export const saveRunbook = (runbook: Runbook) => call<Runbook>('save_runbook', { runbook });
export const archiveRunbook = (id: number) => call<null>('archive_runbook', { id });

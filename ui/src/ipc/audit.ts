import { call } from './invoke';
import type { AuditPage, VerifyReport } from './types';

export const listAudit = (runId: number | null, before: number | null, limit: number) =>
  call<AuditPage>('list_audit', { runId, before, limit });
export const verifyAudit = () => call<VerifyReport>('verify_audit');

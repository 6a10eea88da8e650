// Check results for the tests.
import type { CheckResult, CheckStatus } from '../ipc/types';

export function checkResult(name: string, status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 1,
    session: 's1',
    name,
    kind: 'http',
    environment: 'staging',
    status,
    message: status === 'pass' ? 'passed' : `${name} ${status}`,
    duration_ms: 42,
    latency_ms: 12,
    attempts: 1,
    started_at: '2025-01-01T00:00:00Z',
    observed: { status: 200 },
    conditions: [],
    run_id: null,
    step_id: null,
    ...extra,
  };
}

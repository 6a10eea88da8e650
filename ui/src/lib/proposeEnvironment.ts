// Which environment the start-run dialog proposes, so that a run is not started against "no environment" by default.
import type { Environment, RunSummary } from '../ipc/types';

/**
 * The environment a new run of a runbook most likely targets: the one its latest run used; else the only one; else
 * the first staging environment (a rehearsal is the safer guess than production); else the first. Null when there
 * are no environments.
 */
export function proposeEnvironment(environments: Environment[], runsOfRunbook: RunSummary[]): Environment | null {
  if (environments.length === 0) return null;
  const latest = [...runsOfRunbook].sort((a, b) => b.id - a.id).find((r) => r.environment !== '');
  const used = latest ? environments.find((e) => e.name === latest.environment) : undefined;
  if (used) return used;
  if (environments.length === 1) return environments[0] ?? null;
  return environments.find((e) => e.tier === 'staging') ?? environments[0] ?? null;
}

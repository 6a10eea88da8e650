import type { Decision, GateSpec, GateStatus, Profile, RequirementState } from '../ipc/types';

export const REQUIREMENT_LABEL: Record<RequirementState, string> = {
  met: 'Met',
  unmet: 'Unmet',
  inconclusive: 'Inconclusive',
  no_data: 'No data',
};

export const REQUIREMENT_COLOUR: Record<RequirementState, string> = {
  met: 'green',
  unmet: 'red',
  inconclusive: 'yellow',
  no_data: 'gray',
};

export const DECISION_LABEL: Record<Decision, string> = {
  approve: 'Approved',
  approve_with_conditions: 'Approved with conditions',
  reject: 'Rejected',
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The roles the gate still waits on, over all its sign-off requirements, each once. */
export function awaitingFor(gate: GateStatus): string[] {
  const out: string[] = [];
  for (const r of gate.requirements) {
    for (const role of r.awaiting_roles) if (!out.some((o) => same(o, role))) out.push(role);
  }
  return out;
}

/** The roles the gate asks for that the current person holds, in the gate's spelling and order. */
export function signableRoles(spec: GateSpec, gate: GateStatus, profile: Profile | null): string[] {
  if (!profile) return [];
  const awaiting = awaitingFor(gate);
  const out: string[] = [];
  for (const r of spec.requirements) {
    if (r.kind !== 'sign_off') continue;
    for (const role of r.roles) {
      const held = profile.roles.some((p) => same(p, role));
      const waited = awaiting.some((a) => same(a, role)) || gate.requirements.some((q) => q.kind === 'sign_off' && q.state === 'unmet' && q.detail.startsWith('rejected'));
      if (held && waited && !out.some((o) => same(o, role))) out.push(role);
    }
  }
  return out;
}

import type { Decision, GateSpec, GateStatus, Profile, ReplayVerdict, RequirementState, SignOff } from '../ipc/types';

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

/**
 * Whether the current person may override this sign-off: an active rejection by someone else, on a gate that names
 * a role they hold among its override roles. (The store decides; this only chooses whether to offer the button.)
 */
export function mayOverride(spec: GateSpec, signOff: SignOff, profile: Profile | null): boolean {
  if (!profile || signOff.state !== 'active' || signOff.decision !== 'reject') return false;
  if (same(signOff.person, profile.name)) return false;
  return (spec.override_roles ?? []).some((role) => profile.roles.some((p) => same(p, role)));
}

/** The checks a gate names (checks requirements and go/no-go criteria), each once: what a replay can vary. */
export function gateChecks(spec: GateSpec): string[] {
  const names: string[] = [];
  for (const r of spec.requirements) {
    const listed = r.kind === 'checks' ? r.checks : r.kind === 'go_no_go' ? [...r.go, ...r.no_go].flatMap((c) => (c.check ? [c.check] : [])) : [];
    for (const n of listed) if (!names.includes(n)) names.push(n);
  }
  return names;
}

export const REPLAY_LABEL: Record<ReplayVerdict, string> = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'No data',
  no_evidence: 'No evidence',
};

export const REPLAY_COLOUR: Record<ReplayVerdict, string> = {
  pass: 'green',
  fail: 'red',
  inconclusive: 'yellow',
  no_evidence: 'gray',
};

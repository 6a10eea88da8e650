import { describe, expect, it } from 'vitest';
import type { GateSpec, GateStatus, Profile, SignOff } from '../ipc/types';
import { awaitingFor, gateChecks, mayOverride, signableRoles } from './gate';

const spec: GateSpec = {
  requirements: [
    { kind: 'sign_off', roles: ['Engineering Lead', 'QA Lead'] },
    { kind: 'sign_off', roles: ['DBA', 'qa lead'], min: 1 },
  ],
} as GateSpec;

function gate(awaiting: string[][], detail = ''): GateStatus {
  return {
    step_id: 7,
    title: 'Go/no-go',
    open: false,
    passed: false,
    criteria: [],
    decision: null,
    expiry: null,
    requirements: awaiting.map((roles) => ({
      kind: 'sign_off',
      description: '',
      state: detail.startsWith('rejected') ? 'unmet' : 'no_data',
      detail,
      observe_only: false,
      awaiting_roles: roles,
      since: null,
    })),
  };
}

const profile = (roles: string[]): Profile => ({ name: 'Grace', roles });

describe('gate roles', () => {
  it('lists each awaited role once, whatever its case', () => {
    expect(awaitingFor(gate([['QA Lead', 'Engineering Lead'], ['qa lead', 'DBA']]))).toEqual(['QA Lead', 'Engineering Lead', 'DBA']);
  });

  it('offers only the awaited roles the person holds, in the gate spelling', () => {
    expect(signableRoles(spec, gate([['QA Lead'], ['DBA', 'qa lead']]), profile(['qa LEAD', 'Security']))).toEqual(['QA Lead']);
    expect(signableRoles(spec, gate([['QA Lead'], []]), profile(['Engineering Lead']))).toEqual([]);
    expect(signableRoles(spec, gate([['QA Lead']]), null)).toEqual([]);
  });
});

describe('override', () => {
  const rejection = { person: 'Linus', decision: 'reject', state: 'active' } as SignOff;
  const overridable = { ...spec, override_roles: ['VP Engineering'] } as GateSpec;

  it('is offered on someone else’s active rejection to a holder of an override role', () => {
    expect(mayOverride(overridable, rejection, profile(['vp engineering']))).toBe(true);
  });

  it('is not offered without the role, on one’s own rejection, on an approval or a lifted rejection', () => {
    expect(mayOverride(spec, rejection, profile(['VP Engineering']))).toBe(false);
    expect(mayOverride(overridable, { ...rejection, person: 'Grace' }, profile(['VP Engineering']))).toBe(false);
    expect(mayOverride(overridable, { ...rejection, decision: 'approve' }, profile(['VP Engineering']))).toBe(false);
    expect(mayOverride(overridable, { ...rejection, state: 'withdrawn' } as SignOff, profile(['VP Engineering']))).toBe(false);
    expect(mayOverride(overridable, rejection, null)).toBe(false);
  });
});

describe('gateChecks', () => {
  it('lists the checks of checks requirements and go/no-go criteria once each, in order', () => {
    const spec: GateSpec = {
      requirements: [
        { kind: 'checks', checks: ['api', 'errors'], observe_only: false },
        { kind: 'sign_off', roles: ['QA Lead'], observe_only: false },
        { kind: 'go_no_go', go: [{ text: 'API up', check: 'api' }, { text: 'Docs' }], no_go: [{ text: 'Slow', check: 'p95' }], observe_only: false },
      ],
    } as GateSpec;
    expect(gateChecks(spec)).toEqual(['api', 'errors', 'p95']);
  });
});

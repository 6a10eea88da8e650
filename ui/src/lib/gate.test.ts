import { describe, expect, it } from 'vitest';
import type { GateSpec, GateStatus, Profile } from '../ipc/types';
import { awaitingFor, signableRoles } from './gate';

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

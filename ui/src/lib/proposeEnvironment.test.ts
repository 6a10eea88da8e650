import { describe, expect, it } from 'vitest';
import type { Environment, RunSummary, Tier } from '../ipc/types';
import { proposeEnvironment } from './proposeEnvironment';

const env = (id: number, name: string, tier: Tier): Environment => ({ id, name, tier, colour: null, description: '', variables: [] });
const run = (id: number, environment: string): RunSummary => ({
  id,
  runbook_id: 1,
  title: 'Go-live',
  release: `v${id}`,
  environment,
  state: 'completed',
  settled_steps: 1,
  total_steps: 1,
  failed_steps: 0,
  blocked_steps: 0,
  created_at: '2025-01-01T00:00:00Z',
  ended_at: null,
});

const ENVS = [env(1, 'production-blue', 'production'), env(2, 'staging', 'staging'), env(3, 'dev', 'dev')];

describe('proposeEnvironment', () => {
  it("takes the environment of the runbook's latest run", () => {
    expect(proposeEnvironment(ENVS, [run(4, 'staging'), run(9, 'production-blue'), run(7, 'dev')])?.name).toBe('production-blue');
  });

  it('skips runs without an environment or with one that is gone', () => {
    expect(proposeEnvironment(ENVS, [run(9, ''), run(8, 'dev')])?.name).toBe('dev');
    expect(proposeEnvironment(ENVS, [run(9, 'deleted-env')])?.name).toBe('staging');
  });

  it('otherwise proposes staging, the only one, or the first', () => {
    expect(proposeEnvironment(ENVS, [])?.name).toBe('staging');
    expect(proposeEnvironment([env(1, 'prod', 'production')], [])?.name).toBe('prod');
    expect(proposeEnvironment([env(1, 'a', 'other'), env(2, 'b', 'dev')], [])?.name).toBe('a');
    expect(proposeEnvironment([], [run(1, 'staging')])).toBeNull();
  });
});

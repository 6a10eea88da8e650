import { describe, expect, it } from 'vitest';
import type { Rollback, RolloutStatus } from '../ipc/types';
import { actionAllowedIn, bakeRemaining, countdown, describeAction, timeToRecover } from './rollout';

describe('rollout figures', () => {
  it('counts down', () => {
    expect(countdown(65)).toBe('1:05');
    expect(countdown(-3)).toBe('0:00');
  });

  it('counts the bake down from when the status was loaded', () => {
    const status = { bake_remaining_s: 30 } as RolloutStatus;
    expect(bakeRemaining(status, 1_000, 11_000)).toBe(20);
    expect(bakeRemaining(status, 1_000, 100_000)).toBe(0);
    expect(bakeRemaining({ bake_remaining_s: null } as RolloutStatus, 0, 0)).toBeNull();
  });

  it('keeps time to recover live until the rollback is verified', () => {
    const from = Date.parse('2026-12-01T10:00:00Z');
    const running = { ended_at: null, measured_from: '2026-12-01T10:00:00Z', time_to_recover_s: 0 } as unknown as Rollback;
    expect(timeToRecover(running, from + 90_000)).toBe(90);
    const done = { ...running, ended_at: '2026-12-01T10:02:00Z', time_to_recover_s: 120 } as Rollback;
    expect(timeToRecover(done, from + 999_000)).toBe(120);
  });

  it('describes an action as written and allows it only where it says', () => {
    const action = {
      webhook: { url: 'https://lb.example/weights', method: 'put', headers: { Authorization: 'Bearer {{ secret:lb }}' }, body: '' },
      allowed_environments: ['Production'],
    };
    expect(describeAction(action)).toBe('PUT https://lb.example/weights');
    expect(describeAction({ command: ['./shift', '50'], allowed_environments: [] })).toBe('./shift 50');
    expect(actionAllowedIn(action, 'production')).toBe(true);
    expect(actionAllowedIn(action, 'staging')).toBe(false);
  });
});

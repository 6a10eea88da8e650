import { describe, expect, it } from 'vitest';
import type { Run } from '../ipc/types';
import { nextGate, nextGateLabel } from './nextGate';

const step = (id: number, kind: string, extra: object = {}) => ({
  id,
  title: `Step ${id}`,
  kind,
  planned_at: null,
  planned_offset_min: null,
  ...extra,
});

function run(states: Record<number, string>, gateExtra: object = {}): Run {
  return {
    started_at: '2026-12-01T21:00:00Z',
    created_at: '2026-12-01T20:55:00Z',
    snapshot: {
      phases: [
        { steps: [step(1, 'task'), step(2, 'task'), step(3, 'gate', gateExtra)] },
        { steps: [step(4, 'task'), step(5, 'gate')] },
      ],
    },
    steps: Object.entries(states).map(([id, state]) => ({ step_id: Number(id), state })),
  } as unknown as Run;
}

describe('the next gate', () => {
  it('is the first gate not passed, with the open steps before it and when it is due', () => {
    const g = nextGate(run({ 1: 'done', 2: 'in_progress', 3: 'pending' }, { planned_offset_min: 45 }));
    expect(g).toMatchObject({ stepId: 3, number: '1.3', stepsBefore: 1, dueAt: Date.parse('2026-12-01T21:45:00Z') });
    expect(nextGateLabel(g!, Date.parse('2026-12-01T21:31:00Z'))).toBe('Next gate 1.3 “Step 3”: 1 step before it · due in 14m');
    expect(nextGateLabel(g!, Date.parse('2026-12-01T21:50:00Z'))).toBe('Next gate 1.3 “Step 3”: 1 step before it · 5m late');
  });

  it('moves on once a gate is passed, and is none after the last', () => {
    const g = nextGate(run({ 1: 'done', 2: 'skipped', 3: 'done', 4: 'pending', 5: 'pending' }));
    expect(g).toMatchObject({ stepId: 5, number: '2.2', stepsBefore: 1, dueAt: null });
    expect(nextGateLabel({ ...g!, stepsBefore: 0 }, 0)).toBe('Next gate 2.2 “Step 5”: up now');
    expect(nextGate(run({ 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'skipped' }))).toBeNull();
  });
});

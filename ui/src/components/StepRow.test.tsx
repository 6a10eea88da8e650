import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunStep } from '../ipc/types';
import { step } from '../lib/fixtures.test-util';
import { StepRow } from './StepRow';

const started = '2026-12-03T10:00:00Z';
const at = (minutes: number) => Date.parse(started) + minutes * 60_000;

function row(state: Partial<RunStep>, now: number, claimedBy: string | null = null, onSelect = vi.fn()) {
  const runStep: RunStep = { step_id: 7, state: 'pending', actor: null, reason: null, started_at: null, ended_at: null, notes: [], ...state };
  render(
    <MantineProvider>
      <StepRow
        step={step(7, 'Switch traffic to green', { owner_role: 'DevOps', duration_min: 10 })}
        state={runStep}
        number="2.3"
        selected={false}
        now={now}
        onSelect={onSelect}
        claimedBy={claimedBy}
      />
    </MantineProvider>,
  );
  return onSelect;
}

describe('StepRow', () => {
  afterEach(cleanup);

  it('shows a running step’s time against its plan, filled blue, then red once over it', () => {
    row({ state: 'in_progress', actor: 'Ada', started_at: started }, at(4));
    const timer = screen.getByTestId('step-timer-7');
    expect(timer.textContent).toBe('4m / 10m');
    expect(timer.dataset.variant).toBe('filled');
    expect(timer.style.background).toBe('var(--mantine-color-blue-filled)');
    cleanup();
    row({ state: 'in_progress', actor: 'Ada', started_at: started }, at(12));
    expect(screen.getByTestId('step-timer-7').style.background).toBe('var(--mantine-color-red-filled)');
  });

  it('shows state, owner, who is on it and why it was blocked, and selects the step on a click', () => {
    const onSelect = row({ state: 'blocked', actor: 'Ada', started_at: started, reason: 'green DB not reachable' }, at(1), 'Grace Hopper');
    const el = screen.getByTestId('step-row-7');
    expect(el.dataset.state).toBe('blocked');
    expect(el.textContent).toContain('Blocked');
    expect(el.textContent).toContain('DevOps');
    expect(screen.getByTestId('step-claimed-7').textContent).toBe('Grace Hopper is on it');
    expect(screen.getByTestId('step-reason-7').textContent).toBe('“green DB not reachable”');
    fireEvent.click(el);
    expect(onSelect).toHaveBeenCalledWith(7);
  });
});

import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRun } from '../lib/fixtures.test-util';
import type { Run, RunStep, StepAction, StepChange } from '../ipc/types';

vi.mock('../ipc/runs', () => ({
  getRun: vi.fn(),
  transitionStep: vi.fn(),
  addStepNote: vi.fn(),
  finishRun: vi.fn(),
  runForecast: vi.fn(async () => null),
  scheduleRun: vi.fn(),
}));
vi.mock('../ipc/environments', () => ({ listEnvironments: vi.fn(async () => []) }));
vi.mock('../ipc/audit', () => ({ listAudit: vi.fn(async () => ({ events: [], total: 0 })), verifyAudit: vi.fn() }));
vi.mock('../ipc/app', () => ({ onWorkspaceChanged: vi.fn(async () => () => {}), onWorkspaceHead: vi.fn(async () => () => {}), appInfo: vi.fn() }));

import { getRun, transitionStep } from '../ipc/runs';
import { RunPage } from './RunPage';

const getRunMock = vi.mocked(getRun);
const transitionMock = vi.mocked(transitionStep);

function answer(run: Run) {
  transitionMock.mockImplementation(async (runId: number, stepId: number, action: StepAction): Promise<StepChange> => {
    const to = { start: 'in_progress', complete: 'done', skip: 'skipped', fail: 'failed', block: 'blocked', reopen: 'pending' } as const;
    const step: RunStep = {
      step_id: stepId,
      state: to[action.action],
      actor: 'Ada',
      started_at: '2025-01-01T00:00:00Z',
      ended_at: null,
      reason: 'reason' in action ? action.reason : null,
      notes: [],
    };
    return { run_id: runId, run_state: run.state === 'planned' ? 'in_progress' : run.state, step, seq: 7 };
  });
}

async function show(run: Run) {
  getRunMock.mockResolvedValue(run);
  answer(run);
  render(
    <MantineProvider>
      <RunPage id={run.id} go={() => {}} />
    </MantineProvider>,
  );
  await screen.findByTestId('phase-0');
}

const stateOf = (id: number) => screen.getByTestId(`step-row-${id}`).getAttribute('data-state');
const disabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;
const selectedId = () => screen.getByTestId('step-detail').getAttribute('data-step-id');

describe('RunPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });
  afterEach(cleanup);

  it('shows each step with its state and selects the next open step', async () => {
    await show(makeRun([2, 2], { 1: 'done', 2: 'skipped', 3: 'pending' }));
    expect(selectedId()).toBe('3');
    // The finished phase is folded away; one click shows its steps.
    expect(screen.getByTestId('phase-0').getAttribute('data-open')).toBe('false');
    expect(screen.queryByTestId('step-row-1')).toBeNull();
    fireEvent.click(screen.getByTestId('phase-toggle-0'));
    expect(stateOf(1)).toBe('done');
    expect(stateOf(2)).toBe('skipped');
    // Walking back into it with k keeps it open.
    fireEvent.click(screen.getByTestId('phase-toggle-0'));
    fireEvent.keyDown(window, { key: 'k' });
    expect(selectedId()).toBe('2');
    expect(screen.getByTestId('phase-0').getAttribute('data-open')).toBe('true');
    expect(screen.getByTestId('phase-progress-0').textContent).toBe('2/2');
    expect(screen.getByTestId('phase-progress-1').textContent).toBe('0/2');
  });

  it('ticks the selected step with x and moves on to the next open one', async () => {
    await show(makeRun([3]));
    expect(selectedId()).toBe('1');
    await act(async () => {
      fireEvent.keyDown(window, { key: 'x' });
    });
    expect(transitionMock).toHaveBeenCalledWith(1, 1, { action: 'complete' });
    await waitFor(() => expect(stateOf(1)).toBe('done'));
    expect(selectedId()).toBe('2');
  });

  it('walks with j and k and starts with s', async () => {
    await show(makeRun([3]));
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'j' });
    expect(selectedId()).toBe('3');
    fireEvent.keyDown(window, { key: 'k' });
    expect(selectedId()).toBe('2');
    await act(async () => {
      fireEvent.keyDown(window, { key: 's' });
    });
    expect(transitionMock).toHaveBeenCalledWith(1, 2, { action: 'start' });
    await waitFor(() => expect(stateOf(2)).toBe('in_progress'));
  });

  it('asks a reason before skipping, and cannot confirm without one', async () => {
    await show(makeRun([2]));
    fireEvent.keyDown(window, { key: 'S', shiftKey: true });
    const input = await screen.findByTestId('reason-input');
    const confirm = screen.getByTestId('reason-confirm');
    expect(disabled(confirm)).toBe(true);
    // Shortcuts are off while the dialog is open.
    fireEvent.keyDown(window, { key: 'x' });
    expect(transitionMock).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: 'not needed today' } });
    expect(disabled(confirm)).toBe(false);
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(transitionMock).toHaveBeenCalledWith(1, 1, { action: 'skip', reason: 'not needed today' });
    await waitFor(() => expect(stateOf(1)).toBe('skipped'));
    expect(selectedId()).toBe('2');
  });

  it('shows a refused transition inside the dialog and leaves the step as it was', async () => {
    await show(makeRun([1]));
    transitionMock.mockRejectedValueOnce({ kind: 'conflict', message: 'cannot fail step "Step 1": it is done' });
    fireEvent.click(screen.getByTestId('step-fail'));
    fireEvent.change(await screen.findByTestId('reason-input'), { target: { value: 'broke' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('reason-confirm'));
    });
    expect((await screen.findByTestId('form-error')).textContent).toContain('cannot fail step');
    expect(stateOf(1)).toBe('pending');
  });

  it('disables actions that do not apply to the step state', async () => {
    await show(makeRun([1], { 1: 'done' }));
    expect(disabled(screen.getByTestId('step-tick'))).toBe(true);
    expect(disabled(screen.getByTestId('step-start'))).toBe(true);
    expect(disabled(screen.getByTestId('step-reopen'))).toBe(false);
    expect(disabled(screen.getByTestId('run-complete'))).toBe(false);
  });
});

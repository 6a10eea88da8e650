import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runbook } from '../ipc/types';

vi.mock('../ipc/runbooks', () => ({
  createRunbook: vi.fn(),
  saveRunbook: vi.fn(),
  getRunbook: vi.fn(),
}));

import { createRunbook } from '../ipc/runbooks';
import { RunbookEditorPage } from './RunbookEditorPage';

const createMock = vi.mocked(createRunbook);
const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;

function show(go = vi.fn()) {
  render(
    <MantineProvider>
      <RunbookEditorPage id={null} kind="runbook" go={go} />
    </MantineProvider>,
  );
  return go;
}

describe('RunbookEditorPage', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(cleanup);

  it('starts with a phase "Preparation" holding one empty step', () => {
    show();
    expect(value('phase-title-0')).toBe('Preparation');
    expect(value('step-title-0-0')).toBe('');
    expect(screen.queryByTestId('step-title-0-1')).toBeNull();
  });

  it('adds, reorders and sends the plan as typed', async () => {
    createMock.mockImplementation(async (rb: Runbook) => ({ ...rb, id: 9, revision: 1 }));
    const go = show();
    fireEvent.change(screen.getByTestId('runbook-title'), { target: { value: 'Go-live' } });
    fireEvent.change(screen.getByTestId('step-title-0-0'), { target: { value: 'Backup' } });
    fireEvent.click(screen.getByTestId('add-step-0'));
    fireEvent.change(screen.getByTestId('step-title-0-1'), { target: { value: 'Announce' } });
    fireEvent.click(screen.getByTestId('step-up-0-1'));
    fireEvent.click(screen.getByTestId('add-phase'));
    fireEvent.change(screen.getByTestId('phase-title-1'), { target: { value: 'Deployment' } });
    fireEvent.change(screen.getByTestId('step-title-1-0'), { target: { value: 'Deploy' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('runbook-save'));
    });
    const sent = createMock.mock.calls[0]?.[0];
    expect(sent?.id).toBe(0);
    expect(sent?.title).toBe('Go-live');
    expect(sent?.phases.map((p) => [p.title, p.steps.map((s) => s.title)])).toEqual([
      ['Preparation', ['Announce', 'Backup']],
      ['Deployment', ['Deploy']],
    ]);
    expect(go).toHaveBeenCalledWith({ page: 'runbook', id: 9 });
  });

  it('shows a validation error from the backend at the field it names', async () => {
    createMock.mockRejectedValueOnce({ kind: 'invalid', message: 'phases[0].steps[0].title: must not be empty' });
    const go = show();
    await act(async () => {
      fireEvent.click(screen.getByTestId('runbook-save'));
    });
    expect(screen.getByTestId('form-error').textContent).toContain('phases[0].steps[0].title: must not be empty');
    expect(screen.getAllByText('must not be empty').length).toBeGreaterThan(0);
    expect(go).not.toHaveBeenCalled();
  });
});

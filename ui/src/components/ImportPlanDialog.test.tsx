import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportedPlan, Runbook } from '../ipc/types';

vi.mock('../ipc/imports', async (original) => ({
  ...(await original<typeof import('../ipc/imports')>()),
  importPlanPreview: vi.fn(),
  importPlanSave: vi.fn(),
}));

import { importPlanPreview, importPlanSave } from '../ipc/imports';
import { ImportPlanDialog } from './ImportPlanDialog';

const PLAN: ImportedPlan = {
  title: 'Go-live',
  file_name: 'plan.md',
  phases: [
    { title: 'Prep', original_title: '## 1. Prep', line: 3, steps: [], phases: [], notes: '', commands: [], use_as: 'run', why: '', duration_min: null, starts: null },
  ],
  signoff_roles: [],
  go_criteria: [],
  no_go_criteria: [],
  success_criteria: [],
  notes: '',
  encoding: { detected: 'UTF-8', transcoded: false, repaired_total: 0, repaired: [], unrepaired_total: 0, unrepaired: [] },
  warnings: [],
  window: null,
};

function show(onSaved = vi.fn()) {
  render(
    <MantineProvider>
      <ImportPlanDialog opened onClose={() => {}} onSaved={onSaved} />
    </MantineProvider>,
  );
  return onSaved;
}

async function pick(name: string, bytes: number[]) {
  const input = await screen.findByTestId('import-file');
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(bytes)], name)] } });
  });
}

describe('ImportPlanDialog', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(cleanup);

  it('previews the file’s raw bytes and saves them as a runbook', async () => {
    vi.mocked(importPlanPreview).mockResolvedValue(PLAN);
    vi.mocked(importPlanSave).mockResolvedValue({ id: 9 } as Runbook);
    const onSaved = show();
    expect((screen.getByTestId('import-save') as HTMLButtonElement).disabled).toBe(true);
    // "é" in windows-1252: not UTF-8, so the bytes must reach the backend untouched.
    await pick('plan.md', [0x23, 0x20, 0xe9]);
    await waitFor(() => expect(importPlanPreview).toHaveBeenCalledWith('plan.md', [0x23, 0x20, 0xe9]));
    expect(((await screen.findByTestId('import-title-input')) as HTMLInputElement).value).toBe('Go-live');
    fireEvent.change(screen.getByTestId('import-use-3'), { target: { value: 'notes' } });
    fireEvent.change(screen.getByTestId('import-title-input'), { target: { value: 'Go-live night' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-save'));
    });
    expect(importPlanSave).toHaveBeenCalledWith('plan.md', [0x23, 0x20, 0xe9], { title: 'Go-live night', sections: [{ line: 3, use_as: 'notes' }] });
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith({ id: 9 }));
  });

  it('shows why a file cannot be read', async () => {
    vi.mocked(importPlanPreview).mockRejectedValue({ kind: 'invalid', message: 'plan.md: the file is empty' });
    show();
    await pick('plan.md', []);
    expect((await screen.findByTestId('import-error')).textContent).toBe('plan.md: the file is empty');
    expect((screen.getByTestId('import-save') as HTMLButtonElement).disabled).toBe(true);
  });
});

import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc/reports', () => ({ runReportHtml: vi.fn(), saveRunReport: vi.fn(), exportRunbookYaml: vi.fn() }));

import { runReportHtml, saveRunReport } from '../ipc/reports';
import { RunReportButton } from './RunReportButton';
import { yamlFileName } from './ExportYamlButton';

describe('RunReportButton', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(cleanup);

  it('shows the report in a frame that runs no scripts, and names the saved file', async () => {
    vi.mocked(runReportHtml).mockResolvedValue('<h1>Run v1.2.0</h1><script>alert(1)</script>');
    vi.mocked(saveRunReport).mockResolvedValue('/home/ada/run-1.html');
    render(
      <MantineProvider>
        <Notifications />
        <RunReportButton runId={4} />
      </MantineProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('run-report'));
    });
    expect(runReportHtml).toHaveBeenCalledWith(4);
    const frame = (await screen.findByTestId('report-frame')) as HTMLIFrameElement;
    expect(frame.getAttribute('srcdoc')).toContain('Run v1.2.0');
    const sandbox = (frame.getAttribute('sandbox') ?? '').split(' ');
    expect(sandbox).toContain('allow-modals');
    expect(sandbox).not.toContain('allow-scripts');

    await act(async () => {
      fireEvent.click(screen.getByTestId('report-save-html'));
    });
    expect(saveRunReport).toHaveBeenCalledWith(4, 'html');
    expect((await screen.findByText('/home/ada/run-1.html')).textContent).toBe('/home/ada/run-1.html');
  });

  it('shows why the report could not be made', async () => {
    vi.mocked(runReportHtml).mockRejectedValue({ kind: 'not_found', message: 'run 4 does not exist' });
    render(
      <MantineProvider>
        <RunReportButton runId={4} />
      </MantineProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('run-report'));
    });
    expect((await screen.findByTestId('report-error')).textContent).toBe('run 4 does not exist');
    expect(screen.queryByTestId('report-frame')).toBeNull();
  });
});

describe('yamlFileName', () => {
  it('makes a plain file name from a title', () => {
    expect(yamlFileName('Blue-green go-live: SwipeSavvy v1.2')).toBe('blue-green-go-live-swipesavvy-v1-2.yaml');
    expect(yamlFileName('🚀')).toBe('runbook.yaml');
  });
});

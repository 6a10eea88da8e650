import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckProgress, CheckSuite } from '../ipc/types';
import { checkResult } from '../lib/checkFixtures.test-util';

let emit: (p: CheckProgress) => void = () => {};

vi.mock('../ipc/checks', () => ({
  listCheckSuites: vi.fn(),
  saveCheckSuite: vi.fn(),
  deleteCheckSuite: vi.fn(),
  describeCheckSuite: vi.fn(),
  runCheckSuite: vi.fn(),
  cancelCheckSession: vi.fn(async () => true),
  listCheckResults: vi.fn(async () => []),
  confirmManualCheck: vi.fn(),
  evaluateCondition: vi.fn(),
  onCheckProgress: vi.fn(async (handler: (p: CheckProgress) => void) => {
    emit = handler;
    return () => {};
  }),
}));
vi.mock('../ipc/app', () => ({ onWorkspaceChanged: vi.fn(async () => () => {}), onWorkspaceHead: vi.fn(async () => () => {}), appInfo: vi.fn() }));
// CodeMirror needs a real layout engine; a textarea stands in for it.
vi.mock('../components/YamlEditor', () => ({
  YamlEditor: (props: { initialValue: string; onChange: (v: string) => void; errorLine: number | null; testId: string }) => (
    <textarea
      data-testid={`${props.testId}-input`}
      data-error-line={props.errorLine ?? ''}
      defaultValue={props.initialValue}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  ),
}));

import { cancelCheckSession, confirmManualCheck, describeCheckSuite, listCheckSuites, runCheckSuite, saveCheckSuite } from '../ipc/checks';
import { ChecksPage } from './ChecksPage';

const SUITE: CheckSuite = { id: 1, name: 'smoke', source: 'checks: []\n', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };

function show() {
  render(
    <MantineProvider>
      <ChecksPage tab="suites" go={() => {}} />
    </MantineProvider>,
  );
}

/** The run button renders disabled until the suite's environments have loaded; a click before then does nothing. */
async function enabledButton(testId: string): Promise<HTMLButtonElement> {
  return waitFor(() => {
    const button = screen.getByTestId(testId) as HTMLButtonElement;
    if (button.disabled) throw new Error(`${testId} is still disabled`);
    return button;
  });
}

const stateOf = (name: string) => screen.getByTestId(`check-row-${name}`).getAttribute('data-state');

describe('ChecksPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(listCheckSuites).mockResolvedValue([SUITE]);
    vi.mocked(describeCheckSuite).mockResolvedValue({
      id: 1,
      environments: ['staging', 'production'],
      checks: [
        { name: 'api-health', kind: 'http', description: '' },
        { name: 'eyeball', kind: 'manual', description: '' },
      ],
    });
  });
  afterEach(cleanup);

  it('runs a suite and follows its progress live, even events that come before the session id', async () => {
    let answer: (session: string) => void = () => {};
    vi.mocked(runCheckSuite).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    show();
    fireEvent.click(await enabledButton('run-checks'));
    expect(runCheckSuite).toHaveBeenCalledWith(1, 'staging', []);
    expect(stateOf('api-health')).toBe('queued');

    act(() => emit({ type: 'started', session: 's1', name: 'api-health' }));
    await act(async () => answer('s1'));
    expect(stateOf('api-health')).toBe('running');
    expect(stateOf('eyeball')).toBe('queued');

    act(() => emit({ type: 'retrying', session: 's1', name: 'api-health', attempt: 1, message: 'status 503' }));
    expect(screen.getByTestId('check-row-api-health').textContent).toContain('Retrying 1');
    expect(screen.getByTestId('check-message-api-health').textContent).toBe('status 503');

    fireEvent.click(screen.getByTestId('cancel-checks'));
    await waitFor(() => expect(cancelCheckSession).toHaveBeenCalledWith('s1'));

    act(() => {
      emit({ type: 'finished', session: 's1', result: checkResult('api-health', 'pass') });
      emit({ type: 'finished', session: 's1', result: checkResult('eyeball', 'inconclusive', { kind: 'manual', message: 'cancelled' }) });
      emit({ type: 'done', session: 's1', cancelled: true });
    });
    expect(stateOf('api-health')).toBe('pass');
    expect(stateOf('eyeball')).toBe('inconclusive');
    expect(screen.getByTestId('check-summary').getAttribute('data-cancelled')).toBe('true');
    expect(screen.getByTestId('check-count-pass').textContent).toBe('1 pass');
    expect(screen.getByTestId('run-checks')).toBeTruthy();
  });

  it('asks for a note to confirm a manual check and shows the stored answer', async () => {
    vi.mocked(runCheckSuite).mockResolvedValue('s1');
    vi.mocked(confirmManualCheck).mockResolvedValue(checkResult('eyeball', 'pass', { kind: 'manual', message: 'confirmed by Ada: flat' }));
    show();
    fireEvent.click(await enabledButton('run-checks'));
    await screen.findByTestId('cancel-checks');
    act(() => emit({ type: 'finished', session: 's1', result: checkResult('eyeball', 'inconclusive', { kind: 'manual' }) }));
    expect(screen.queryByTestId('check-confirm-api-health')).toBeNull();
    fireEvent.click(screen.getByTestId('check-confirm-eyeball'));
    fireEvent.change(await screen.findByTestId('manual-note'), { target: { value: 'flat' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('manual-answer'));
    });
    expect(confirmManualCheck).toHaveBeenCalledWith('eyeball', 'staging', true, 'flat');
    await waitFor(() => expect(stateOf('eyeball')).toBe('pass'));
    expect(screen.queryByTestId('check-confirm-eyeball')).toBeNull();
  });

  it('shows a save error at the editor and marks its line', async () => {
    vi.mocked(saveCheckSuite).mockRejectedValue({
      kind: 'invalid',
      message: 'smoke:3:7: checks[0]: unknown field `htp`',
      location: { file: 'smoke', line: 3, column: 7, problem: 'checks[0]: unknown field `htp`' },
    });
    show();
    const source = await screen.findByTestId('suite-source-input');
    fireEvent.change(source, { target: { value: 'checks:\n  - name: x\n    htp: {}\n' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('suite-save'));
    });
    const error = await screen.findByTestId('suite-error');
    expect(error.textContent).toContain('Line 3, column 7');
    expect(error.textContent).toContain('unknown field `htp`');
    expect(screen.getByTestId('suite-source-input').getAttribute('data-error-line')).toBe('3');
    expect(saveCheckSuite).toHaveBeenCalledWith(1, 'smoke', 'checks:\n  - name: x\n    htp: {}\n');
  });

  it('starts a new suite from the example', async () => {
    show();
    await screen.findByTestId('suite-item-1');
    fireEvent.click(screen.getByTestId('new-suite'));
    const source = (await screen.findByTestId('suite-source-input')) as HTMLTextAreaElement;
    expect(source.value).toContain('environments:');
    expect(source.value).toContain('[STATUS] == 200');
    expect(screen.queryByTestId('suite-delete')).toBeNull();
  });
});

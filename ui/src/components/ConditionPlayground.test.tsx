import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkResult } from '../lib/checkFixtures.test-util';

vi.mock('../ipc/checks', () => ({ evaluateCondition: vi.fn(), listCheckResults: vi.fn() }));

import { evaluateCondition, listCheckResults } from '../ipc/checks';
import { ConditionPlayground, PLAYGROUND_DEBOUNCE_MS } from './ConditionPlayground';

const evaluateMock = vi.mocked(evaluateCondition);

async function flush(ms: number) {
  await act(async () => {
    vi.advanceTimersByTime(ms);
  });
  // Let the evaluation's promise settle.
  await act(async () => {
    await Promise.resolve();
  });
}

function typeCondition(text: string) {
  fireEvent.change(screen.getByTestId('playground-condition'), { target: { value: text } });
}

describe('ConditionPlayground', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.clearAllMocks();
    vi.mocked(listCheckResults).mockResolvedValue([
      checkResult('api-health', 'fail', { id: 7, observed: { status: 503, body: 'down' } }),
    ]);
    evaluateMock.mockImplementation(async (condition: string) => ({
      result: condition.includes('===')
        ? null
        : { condition, warn: false, holds: condition.endsWith('200'), observed: '[STATUS] was 200' },
      diagnostics: condition.includes('===')
        ? [{ severity: 'error', message: 'unknown operator `===`: write `==`', column: 10, length: 3 }]
        : [],
    }));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function show() {
    render(
      <MantineProvider>
        <ConditionPlayground />
      </MantineProvider>,
    );
  }

  it('evaluates once typing pauses, with the last text only', async () => {
    show();
    await flush(PLAYGROUND_DEBOUNCE_MS);
    expect(evaluateMock).toHaveBeenCalledTimes(1); // the sample condition
    evaluateMock.mockClear();

    typeCondition('[STATUS] == 2');
    await flush(50);
    typeCondition('[STATUS] == 20');
    await flush(50);
    typeCondition('[STATUS] == 200');
    await flush(PLAYGROUND_DEBOUNCE_MS - 10);
    expect(evaluateMock).not.toHaveBeenCalled();
    await flush(10);
    expect(evaluateMock).toHaveBeenCalledTimes(1);
    expect(evaluateMock.mock.calls[0]?.[0]).toBe('[STATUS] == 200');
    expect(evaluateMock.mock.calls[0]?.[1]).toMatchObject({ status: 200, response_time_ms: 12 });
    expect(screen.getByTestId('playground-result').getAttribute('data-holds')).toBe('true');
    expect(screen.getByTestId('playground-observed-text').textContent).toBe('[STATUS] was 200');
  });

  it('puts a caret under the column a diagnostic names', async () => {
    show();
    typeCondition('[STATUS] === 200');
    await flush(PLAYGROUND_DEBOUNCE_MS);
    const caret = screen.getByTestId('playground-caret-0').textContent ?? '';
    expect(caret).toBe('         ^^^');
    expect('[STATUS] === 200'.slice(caret.indexOf('^'), caret.length)).toBe('===');
    expect(screen.getByTestId('playground-diagnostic-0').textContent).toContain('Column 10: unknown operator');
    expect(screen.getByTestId('playground-result').getAttribute('data-holds')).toBe('invalid');
  });

  it('does not evaluate invalid JSON and uses a stored result’s observed values when picked', async () => {
    show();
    await flush(PLAYGROUND_DEBOUNCE_MS);
    evaluateMock.mockClear();
    fireEvent.change(screen.getByTestId('playground-observed'), { target: { value: '{"status": 2' } });
    await flush(PLAYGROUND_DEBOUNCE_MS);
    expect(evaluateMock).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('Not valid JSON');

    fireEvent.change(screen.getByTestId('playground-sample'), { target: { value: '7' } });
    await flush(PLAYGROUND_DEBOUNCE_MS);
    expect(evaluateMock).toHaveBeenCalledTimes(1);
    expect(evaluateMock.mock.calls[0]?.[1]).toEqual({ status: 503, body: 'down' });
  });
});

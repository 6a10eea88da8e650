import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkResult } from '../lib/checkFixtures.test-util';

vi.mock('../ipc/checks', () => ({ listCheckResults: vi.fn(async () => []) }));

import { listCheckResults } from '../ipc/checks';
import { CheckResultDetail } from './CheckResultDetail';

describe('CheckResultDetail', () => {
  afterEach(cleanup);

  it('shows each condition as held, not held or no data, the observed values and the history it asks for', async () => {
    render(
      <MantineProvider>
        <CheckResultDetail
          result={checkResult('api-health', 'fail', {
            attempts: 3,
            observed: { status: 503, headers: { 'content-type': 'text/plain' } },
            conditions: [
              { condition: '[STATUS] == 200', warn: false, holds: false, observed: '[STATUS] was 503' },
              { condition: '[BODY].status == healthy', warn: false, holds: null, observed: '[BODY].status matched nothing' },
              { condition: '[RESPONSE_TIME] > 100', warn: true, holds: true, observed: '[RESPONSE_TIME] was 140' },
            ],
          })}
        />
      </MantineProvider>,
    );
    const holds = [0, 1, 2].map((i) => screen.getByTestId(`condition-${i}`));
    expect(holds.map((h) => h.getAttribute('data-holds'))).toEqual(['false', 'null', 'true']);
    expect(holds.map((h) => h.querySelector('[aria-label]')?.textContent)).toEqual(['✗', '–', '✓']);
    expect(holds[0]?.textContent).toContain('[STATUS] was 503');
    expect(holds[2]?.textContent).toContain('warn');
    expect(screen.getByTestId('check-detail-observed').textContent).toBe(
      JSON.stringify({ status: 503, headers: { 'content-type': 'text/plain' } }, null, 2),
    );
    expect(screen.getByTestId('check-detail').textContent).toContain('3 attempts');
    expect(listCheckResults).toHaveBeenCalledWith({ name: 'api-health', environment: 'staging', limit: 200 });
    await waitFor(() => expect(screen.getByText('No results yet.')).toBeTruthy());
  });
});

import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecretName } from '../ipc/types';

vi.mock('../ipc/secrets', () => ({ listSecrets: vi.fn(), setSecret: vi.fn(), deleteSecret: vi.fn() }));
vi.mock('../ipc/app', () => ({ onWorkspaceChanged: vi.fn(async () => () => {}), onWorkspaceHead: vi.fn(async () => () => {}), appInfo: vi.fn() }));

import { deleteSecret, listSecrets, setSecret } from '../ipc/secrets';
import { SecretsPage } from './SecretsPage';

const VALUE = 'hunter2-very-secret-value';
const listMock = vi.mocked(listSecrets);
const setMock = vi.mocked(setSecret);

function page() {
  return render(
    <MantineProvider>
      <SecretsPage />
    </MantineProvider>,
  );
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
/** Everything on screen, the page and its dialogs (portals) included, with input values. */
const everything = () =>
  document.body.innerHTML + Array.from(document.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value).join('\n');

describe('SecretsPage', () => {
  let names: SecretName[];
  beforeEach(() => {
    vi.clearAllMocks();
    names = [{ name: 'db-password', updated_at: '2025-01-01T00:00:00Z' }];
    listMock.mockImplementation(async () => names);
    setMock.mockImplementation(async (name: string) => {
      const saved = { name, updated_at: '2025-01-02T00:00:00Z' };
      names = [...names.filter((n) => n.name !== name), saved];
      return saved;
    });
  });
  afterEach(cleanup);

  it('lists names with a masked value and says values live in the keyring', async () => {
    page();
    await screen.findByTestId('secret-row-db-password');
    expect(screen.getByTestId('secrets-explainer').textContent).toMatch(/keyring/);
    expect(screen.getByTestId('secret-row-db-password').textContent).toContain('••••');
  });

  it('adds a secret, sends the value once and never shows or keeps it', async () => {
    const log = vi.spyOn(console, 'log');
    const info = vi.spyOn(console, 'info');
    page();
    await screen.findByTestId('secret-row-db-password');
    fireEvent.click(screen.getByTestId('add-secret'));
    fireEvent.change(await screen.findByTestId('secret-name'), { target: { value: 'api-token' } });
    fireEvent.change(input('secret-value'), { target: { value: VALUE } });
    expect(input('secret-value').type).toBe('password');
    await act(async () => {
      fireEvent.click(screen.getByTestId('secret-save'));
    });
    expect(setMock).toHaveBeenCalledWith('api-token', VALUE);
    await screen.findByTestId('secret-row-api-token');
    await waitFor(() => expect(everything()).not.toContain(VALUE));

    // Opening the dialog again starts empty.
    fireEvent.click(screen.getByTestId('add-secret'));
    expect(input('secret-value').value).toBe('');
    for (const spy of [log, info]) for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toContain(VALUE);
  });

  it('replaces a value without showing the old one and keeps the name fixed', async () => {
    page();
    await screen.findByTestId('secret-row-db-password');
    fireEvent.click(screen.getByTestId('secret-replace-db-password'));
    expect(((await screen.findByTestId('secret-value')) as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('secret-name')).toBeNull();
    fireEvent.change(input('secret-value'), { target: { value: VALUE } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('secret-save'));
    });
    expect(setMock).toHaveBeenCalledWith('db-password', VALUE);
    await waitFor(() => expect(everything()).not.toContain(VALUE));
  });

  it('deletes only after confirmation', async () => {
    vi.mocked(deleteSecret).mockResolvedValue(null);
    page();
    await screen.findByTestId('secret-row-db-password');
    fireEvent.click(screen.getByTestId('secret-delete-db-password'));
    expect(deleteSecret).not.toHaveBeenCalled();
    const confirm = await screen.findByTestId('confirm-action');
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(deleteSecret).toHaveBeenCalledWith('db-password');
  });
});

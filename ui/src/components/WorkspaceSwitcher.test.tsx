import { Button, MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc/app', () => ({ appInfo: vi.fn(), workspaceChoices: vi.fn(), switchWorkspace: vi.fn() }));

import { switchWorkspace, workspaceChoices } from '../ipc/app';
import { AppError } from '../ipc/invoke';
import { WorkspaceMenu } from './WorkspaceSwitcher';

const TEAM = 'postgres://grace@127.0.0.1:5432/releases';

function menu(current: string | null, onConnect = vi.fn()) {
  render(
    <MantineProvider>
      <WorkspaceMenu current={current} onConnect={onConnect}>
        <Button data-testid="open-menu">Workspace</Button>
      </WorkspaceMenu>
    </MantineProvider>,
  );
  return onConnect;
}

async function choose(testId: string) {
  fireEvent.click(screen.getByTestId('open-menu'));
  const item = await screen.findByTestId(testId);
  await act(async () => {
    fireEvent.click(item);
  });
}

describe('WorkspaceMenu', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(workspaceChoices).mockResolvedValue({ current: null, local: '/home/grace/.local/share/dev.runsheet.app', teams: [TEAM], problem: null });
  });
  afterEach(cleanup);

  it('lists the local file and the team workspaces used here', async () => {
    menu(null);
    fireEvent.click(screen.getByTestId('open-menu'));
    expect((await screen.findByTestId('workspace-choice-local')).textContent).toContain('dev.runsheet.app');
    expect((await screen.findByTestId(`workspace-choice-${TEAM}`)).textContent).toContain(TEAM);
    expect(screen.getByTestId('workspace-connect')).toBeTruthy();
  });

  it('does not reopen the workspace that is open', async () => {
    menu(null);
    await choose('workspace-choice-local');
    expect(switchWorkspace).not.toHaveBeenCalled();
  });

  it('asks for the password when the team workspace has none kept', async () => {
    vi.mocked(switchWorkspace).mockRejectedValue(new AppError('storage', 'password authentication failed for user "grace"'));
    const onConnect = menu(null);
    await choose(`workspace-choice-${TEAM}`);
    expect(switchWorkspace).toHaveBeenCalledWith({ url: TEAM, password: null });
    expect(onConnect).toHaveBeenCalledWith(TEAM);
  });

  it('says why another failure happened, and that the open workspace stays', async () => {
    vi.mocked(switchWorkspace).mockRejectedValue(new AppError('storage', 'connection refused (127.0.0.1:5432)'));
    const onConnect = menu(null);
    await choose(`workspace-choice-${TEAM}`);
    expect((await screen.findByTestId('workspace-problem')).textContent).toContain('connection refused');
    expect(screen.getByText('The workspace that was open is still open.')).toBeTruthy();
    expect(onConnect).not.toHaveBeenCalled();
  });
});

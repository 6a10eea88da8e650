import { Alert, Badge, Button, Group, Menu, Modal, PasswordInput, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconCheck, IconChevronDown, IconDeviceLaptop, IconPlugConnected, IconServer } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useAsync } from '../hooks/useAsync';
import { appInfo, switchWorkspace, workspaceChoices } from '../ipc/app';
import { AppError } from '../ipc/invoke';
import type { WorkspaceTarget } from '../ipc/types';

/**
 * In the top bar: the open workspace (this computer's file, or a team server and the login this app acts as), and
 * a menu to open another without restarting. A team workspace that cannot be opened (no answer, a wrong password)
 * is refused with the reason and the open one stays.
 */
export function WorkspaceSwitcher() {
  const info = useAsync(appInfo, [], 'App info');
  const [connecting, setConnecting] = useState<string | null>(null);
  if (!info.data) return null;
  const { team, workspace, team_login } = info.data;
  const label = team ? (team_login ? `Team · ${team_login}` : 'Team · owner') : 'Local';
  return (
    <>
      <WorkspaceMenu current={team ? workspace : null} onConnect={(url) => setConnecting(url)}>
        <UnstyledButton data-testid="workspace-switcher" aria-label={`Workspace: ${workspace}`} title={team ? `Team workspace ${workspace}` : `Local workspace in ${workspace}`}>
          <Badge
            variant="light"
            color={team ? 'teal' : 'gray'}
            size="lg"
            leftSection={team ? <IconServer size={14} /> : <IconDeviceLaptop size={14} />}
            rightSection={<IconChevronDown size={12} />}
            style={{ cursor: 'pointer' }}
            data-testid={team ? 'workspace-badge' : 'workspace-local'}
            data-workspace={workspace}
          >
            {label}
          </Badge>
        </UnstyledButton>
      </WorkspaceMenu>
      {connecting !== null && <ConnectDialog url={connecting} onClose={() => setConnecting(null)} />}
    </>
  );
}

/** The menu of workspaces: the local file, the team workspaces used here, and "Connect to a team workspace…". */
export function WorkspaceMenu({
  current,
  onConnect,
  children,
}: {
  /** The open team workspace's URL, `null` for the local file, `undefined` when none opened. */
  current: string | null | undefined;
  onConnect: (url: string) => void;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  const choices = useAsync(workspaceChoices, [opened], 'Workspaces');
  const [problem, setProblem] = useState<string | null>(null);
  const open = async (target: WorkspaceTarget) => {
    try {
      await switchWorkspace(target);
      reopen();
    } catch (e) {
      const error = AppError.from(e);
      // A team workspace that wants a password asks for it; anything else is said as it is.
      if (target.url && /password/i.test(error.message)) onConnect(target.url);
      else setProblem(error.message);
    }
  };
  return (
    <>
      <Menu opened={opened} onChange={setOpened} position="bottom-end" width={480} withArrow>
        <Menu.Target>{children}</Menu.Target>
        <Menu.Dropdown data-testid="workspace-menu">
          <Menu.Label>Open a workspace</Menu.Label>
          <Menu.Item
            leftSection={<IconDeviceLaptop size={16} />}
            rightSection={current === null ? <IconCheck size={16} /> : null}
            onClick={() => current !== null && void open({ url: null, password: null })}
            data-testid="workspace-choice-local"
          >
            <Text size="sm">This computer</Text>
            <Text size="xs" c="dimmed" truncate="start">
              {choices.data?.local}
            </Text>
          </Menu.Item>
          {(choices.data?.teams ?? []).map((url) => (
            <Menu.Item
              key={url}
              leftSection={<IconServer size={16} />}
              rightSection={current === url ? <IconCheck size={16} /> : null}
              onClick={() => current !== url && void open({ url, password: null })}
              data-testid={`workspace-choice-${url}`}
            >
              <Text size="sm" truncate="end">
                {url}
              </Text>
            </Menu.Item>
          ))}
          {choices.data?.problem && (
            <Text size="xs" c="red" px="sm" py={4}>
              {choices.data.problem}
            </Text>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlugConnected size={16} />} onClick={() => onConnect('')} data-testid="workspace-connect">
            Connect to a team workspace…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={problem !== null} onClose={() => setProblem(null)} title="Could not open the workspace">
        <Alert color="red" variant="light" data-testid="workspace-problem">
          {problem}
        </Alert>
        <Text size="sm" mt="sm">
          The workspace that was open is still open.
        </Text>
      </Modal>
    </>
  );
}

/** Asks for a team workspace's URL and password, and opens it; the password goes to the OS keyring once it worked. */
export function ConnectDialog({ url: given, onClose }: { url: string; onClose: () => void }) {
  const [url, setUrl] = useState(given);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const connect = async () => {
    setBusy(true);
    try {
      await switchWorkspace({ url: url.trim(), password: password === '' ? null : password });
      reopen();
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Connect to a team workspace" size="lg">
      <Stack gap="sm">
        <TextInput
          label="Server"
          description="postgres://LOGIN@HOST:PORT/DATABASE, as your workspace's admin gave it"
          placeholder="postgres://grace@db.example.com:5432/releases"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-autofocus={given === '' ? true : undefined}
          data-testid="workspace-url"
        />
        <PasswordInput
          label="Password"
          description="Kept in the OS keyring once it opens the workspace; never in a file."
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && url.trim() !== '' && void connect()}
          data-autofocus={given !== '' ? true : undefined}
          data-testid="workspace-password"
        />
        {error && (
          <Alert color="red" variant="light" data-testid="workspace-connect-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={busy} disabled={url.trim() === ''} onClick={() => void connect()} data-testid="workspace-connect-confirm">
            Connect
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Starts the window again on the newly opened workspace: every view reads it afresh, from the runbook list. */
function reopen() {
  window.location.hash = '#/runbooks';
  window.location.reload();
}

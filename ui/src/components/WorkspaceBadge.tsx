import { Badge, Tooltip } from '@mantine/core';
import { IconServer } from '@tabler/icons-react';
import { useAsync } from '../hooks/useAsync';
import { appInfo } from '../ipc/app';

/** In the top bar on a team workspace: which server, and the login this app acts as. Nothing for a local file. */
export function WorkspaceBadge() {
  const info = useAsync(appInfo, [], 'App info');
  if (!info.data?.team) return null;
  const { workspace, team_login } = info.data;
  const label = team_login ? `Team · ${team_login}` : 'Team · owner';
  return (
    <Tooltip label={`Team workspace ${workspace}`} withArrow>
      <Badge
        variant="light"
        color="teal"
        size="lg"
        leftSection={<IconServer size={14} />}
        data-testid="workspace-badge"
        data-workspace={workspace}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}

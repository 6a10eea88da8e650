import { Alert, Stack, Text } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import type { NotificationRecord } from '../bindings/notification';
import { listNotifications } from '../ipc/notifications';
import { formatDateTime } from '../lib/time';

/**
 * The run's webhook notifications that did not arrive: a failed delivery never blocks the run, but the people who
 * count on the channel must know it stayed silent. Desktop notifications are left out (a machine without a
 * notification service is not a problem of the run).
 */
export function NotificationFailures({ runId }: { runId: number }) {
  const [failed, setFailed] = useState<NotificationRecord[]>([]);
  const load = useCallback(async () => {
    try {
      const all = await listNotifications(runId);
      setFailed(all.filter((n) => !n.sent && n.channel === 'webhook'));
    } catch {
      // The list is advisory; the run view works without it.
    }
  }, [runId]);
  useEffect(() => {
    void load();
  }, [load]);
  useWorkspaceChanged(() => void load());
  const last = failed[0];
  if (!last) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconBellOff size={18} />} title={`${failed.length} notification${failed.length === 1 ? '' : 's'} did not reach the webhook`} data-testid="notification-failures">
      <Stack gap={2}>
        <Text size="sm">
          Latest, {formatDateTime(last.at)}, after {last.attempts} {last.attempts === 1 ? 'try' : 'tries'}: {last.error}
        </Text>
        <Text size="xs" c="dimmed">
          “{(last.text.split('\n')[0] ?? '').replace(/^:[a-z_]+: /, '')}”. The run goes on; tell the channel yourself if it matters.
        </Text>
      </Stack>
    </Alert>
  );
}

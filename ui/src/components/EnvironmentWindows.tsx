import { ActionIcon, Alert, Badge, Button, Card, Chip, Group, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconLock, IconLockOpen, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { showDone, showError } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import type { Day, Environment } from '../ipc/types';
import { addFreeze, addWindow, environmentWindows, removeFreeze, removeWindow } from '../ipc/windows';
import { formatDateTime } from '../lib/time';
import { DAYS, dayTitle, parseDuration, utcInput, windowLabel } from '../lib/windows';

/** An environment's change windows and freezes, whether changes may go in now, and forms to add and remove them. */
export function EnvironmentWindows({ environment }: { environment: Environment }) {
  const ew = useAsync(() => environmentWindows(environment.id), [environment.id], 'Change windows');
  useWorkspaceChanged((c) => {
    if (c.entity === 'environment') ew.reload();
  });
  const [days, setDays] = useState<string[]>(['tue', 'thu']);
  const [start, setStart] = useState('22:00');
  const [duration, setDuration] = useState('4h');
  const [tz, setTz] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = environment.id;

  const act = async (what: string, action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      showDone(what);
      ew.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      showError(e, what);
    }
  };

  const data = ew.data;
  if (!data) return null;
  const now = data.now;
  return (
    <Card withBorder padding="md" data-testid={`env-windows-${id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4}>{environment.name}</Title>
          <Badge
            size="lg"
            variant="filled"
            color={now.state === 'open' ? 'green' : 'red'}
            leftSection={now.state === 'open' ? <IconLockOpen size={14} /> : <IconLock size={14} />}
            data-testid={`env-windows-state-${id}`}
          >
            {now.state === 'open' ? 'open now' : now.why === 'freeze' ? 'frozen' : 'closed now'}
          </Badge>
        </Group>
        <Text size="sm" c={now.state === 'open' ? 'dimmed' : 'red'} data-testid={`env-windows-detail-${id}`}>
          {now.detail}
          {!data.production && ' · not production-tier: its gates are not held to these'}
        </Text>
        {(data.windows.length > 0 || data.freezes.length > 0) && (
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {data.windows.map((w) => (
                <Table.Tr key={`w${w.id}`}>
                  <Table.Td w={90}>
                    <Badge variant="light">window</Badge>
                  </Table.Td>
                  <Table.Td>{windowLabel(w)}</Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon variant="subtle" color="red" aria-label="Remove window" onClick={() => act('Window removed', () => removeWindow(id, w.id ?? 0))}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
              {data.freezes.map((f) => (
                <Table.Tr key={`f${f.id}`}>
                  <Table.Td>
                    <Badge variant="light" color="cyan">
                      freeze
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(f.from)} → {formatDateTime(f.to)} · {f.reason}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label="Remove (end the freeze)">
                      <ActionIcon variant="subtle" color="red" aria-label="Remove freeze" onClick={() => act('Freeze removed', () => removeFreeze(id, f.id ?? 0))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group gap="xs" align="flex-end">
          <Chip.Group multiple value={days} onChange={setDays}>
            <Group gap={4}>
              {DAYS.map((d) => (
                <Chip key={d} value={d} size="xs">
                  {dayTitle(d)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <TextInput size="xs" w={70} label="Start" value={start} onChange={(e) => setStart(e.currentTarget.value)} data-testid={`window-start-${id}`} />
          <TextInput size="xs" w={70} label="Duration" value={duration} onChange={(e) => setDuration(e.currentTarget.value)} data-testid={`window-duration-${id}`} />
          <TextInput size="xs" w={150} label="Time zone" value={tz} onChange={(e) => setTz(e.currentTarget.value)} data-testid={`window-tz-${id}`} />
          <Button
            size="xs"
            variant="light"
            data-testid={`window-add-${id}`}
            onClick={() => {
              const minutes = parseDuration(duration);
              if (minutes === null) return setError(`\`${duration}\` is not a duration: use e.g. 4h, 90m or 4h30m`);
              void act('Change window added', () => addWindow(id, { id: 0, days: days as Day[], start, duration_min: minutes, tz }));
            }}
          >
            Add window
          </Button>
        </Group>
        <Group gap="xs" align="flex-end">
          <TextInput size="xs" type="datetime-local" label="Freeze from (UTC)" value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid={`freeze-from-${id}`} />
          <TextInput size="xs" type="datetime-local" label="to (UTC)" value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid={`freeze-to-${id}`} />
          <TextInput size="xs" style={{ flex: 1 }} label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid={`freeze-reason-${id}`} />
          <Button
            size="xs"
            variant="light"
            color="cyan"
            data-testid={`freeze-add-${id}`}
            onClick={() => {
              const [f, t] = [utcInput(from), utcInput(to)];
              if (!f || !t) return setError('Give both ends of the freeze');
              void act('Freeze added', () => addFreeze(id, { id: 0, from: f, to: t, reason }));
            }}
          >
            Add freeze
          </Button>
        </Group>
        {error && (
          <Alert color="red" data-testid={`env-windows-error-${id}`}>
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

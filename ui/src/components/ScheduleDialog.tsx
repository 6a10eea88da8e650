import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import type { RunSchedule } from '../ipc/types';

/** `2026-12-05T02:00` for a datetime-local input, in this machine's zone. */
function localInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A run's schedule: when it starts and when its window ends (entered in this machine's time), and the zone the
 * plan's clock times are written in. Clearing it is offered when it has one.
 */
export function ScheduleDialog({
  opened,
  current,
  onCancel,
  onSave,
}: {
  opened: boolean;
  current: RunSchedule | null;
  onCancel: () => void;
  onSave: (schedule: RunSchedule | null) => Promise<void>;
}) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [tz, setTz] = useState('UTC');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setStart(localInput(current?.starts_at ?? null));
    setEnd(localInput(current?.ends_at ?? null));
    setTz(current?.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
    setError(null);
    setBusy(false);
  }, [opened, current]);

  const save = async (schedule: RunSchedule | null) => {
    setBusy(true);
    setError(null);
    try {
      await onSave(schedule);
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };
  const ready = start !== '' && end !== '' && tz.trim() !== '' && !busy;

  return (
    <Modal opened={opened} onClose={onCancel} title="Schedule the run" centered size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The window the run must fit in. The header then shows how far behind or ahead it is, its forecast end, and turns amber, then red, as
          the forecast nears the window&apos;s end and passes it.
        </Text>
        <Group grow>
          <TextInput type="datetime-local" label="Starts (your time)" value={start} onChange={(e) => setStart(e.currentTarget.value)} data-testid="schedule-start" />
          <TextInput type="datetime-local" label="Window ends (your time)" value={end} onChange={(e) => setEnd(e.currentTarget.value)} data-testid="schedule-end" />
        </Group>
        <TextInput
          label="Time zone of the plan"
          description="The zone the runbook's clock times (02:45) are written in, e.g. Europe/Berlin"
          value={tz}
          onChange={(e) => setTz(e.currentTarget.value)}
          data-testid="schedule-tz"
        />
        {error && (
          <Alert color="red" data-testid="form-error">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          {current ? (
            <Button variant="subtle" color="red" disabled={busy} onClick={() => void save(null)} data-testid="schedule-clear">
              Remove the schedule
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              disabled={!ready}
              loading={busy}
              onClick={() => void save({ starts_at: new Date(start).toISOString(), ends_at: new Date(end).toISOString(), tz: tz.trim() })}
              data-testid="schedule-save"
            >
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

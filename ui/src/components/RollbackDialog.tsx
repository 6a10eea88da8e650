import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import { LEVELS } from '../lib/rollout';

/**
 * Starting (or escalating) a rollback: the level, a reason, and the release name typed to confirm. Levels 1 and 2
 * are not offered past the point of no return; a rejection keeps the dialog open with the message.
 */
export function RollbackDialog({
  opened,
  release,
  minLevel,
  pastPointOfNoReturn,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  release: string;
  /** The lowest level offered (one deeper than a rollback under way). */
  minLevel: number;
  pastPointOfNoReturn: boolean;
  onCancel: () => void;
  onConfirm: (level: number, reason: string, confirm: string) => Promise<void>;
}) {
  const lowest = Math.max(minLevel, pastPointOfNoReturn ? 3 : 1);
  const offered = LEVELS.filter((l) => l.level >= lowest);
  const [level, setLevel] = useState(String(Math.max(lowest, 2)));
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setLevel(String(Math.min(4, Math.max(lowest, 2))));
      setReason('');
      setTyped('');
      setError(null);
      setBusy(false);
    }
  }, [opened, lowest]);

  const ready = reason.trim() !== '' && typed.trim() === release.trim() && !busy;
  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(Number(level), reason.trim(), typed.trim());
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onCancel} title={minLevel > 1 ? 'Escalate the rollback' : 'Roll the release back'} centered size="lg">
      <Stack>
        {pastPointOfNoReturn && (
          <Alert color="orange" variant="light">
            Past the point of no return: rollback is no longer a traffic switch. Recover with an application rollback or a database restore.
          </Alert>
        )}
        <div>
          <Text size="sm" fw={500} mb={4}>
            Level
          </Text>
          <SegmentedControl
            fullWidth
            value={level}
            onChange={setLevel}
            data={offered.map((l) => ({ value: String(l.level), label: `${l.level}. ${l.title}` }))}
            data-testid="rollback-level"
          />
        </div>
        <Textarea
          label="Reason"
          placeholder="Why? This goes into the audit trail and the report."
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          data-autofocus
          data-testid="rollback-reason"
        />
        <TextInput
          label={`Type the release name, ${release}, to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="rollback-confirm-text"
          error={typed !== '' && typed.trim() !== release.trim() ? 'Does not match the release name' : undefined}
        />
        {error && (
          <Alert color="red" variant="light" data-testid="rollback-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color="grape" disabled={!ready} loading={busy} onClick={() => void submit()} data-testid="rollback-start">
            Start rollback
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

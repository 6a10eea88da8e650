import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import { listEnvironments } from '../ipc/environments';
import { createRun } from '../ipc/runs';
import type { Environment, Run } from '../ipc/types';
import { TIER_LABEL } from './EnvironmentBadge';

/** Names the release and environment of a new run, then creates and starts it. */
export function StartRunDialog({
  opened,
  runbookId,
  runbookTitle,
  onClose,
  onStarted,
}: {
  opened: boolean;
  runbookId: number;
  runbookTitle: string;
  onClose: () => void;
  onStarted: (run: Run) => void;
}) {
  const [release, setRelease] = useState('');
  const [environmentId, setEnvironmentId] = useState('');
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setRelease('');
    setEnvironmentId('');
    setError(null);
    setBusy(false);
    let live = true;
    listEnvironments().then(
      (list) => live && setEnvironments(list),
      (e: unknown) => live && setError(`Could not list environments: ${AppError.from(e).message}`),
    );
    return () => {
      live = false;
    };
  }, [opened]);

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const run = await createRun({
        runbook_id: runbookId,
        release: release.trim(),
        environment_id: environmentId === '' ? null : Number(environmentId),
      });
      onStarted(run);
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Start a run of “${runbookTitle}”`} centered size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <Stack>
          <TextInput
            label="Release"
            description="Name or version of what is being released"
            placeholder="v1.2.0"
            value={release}
            onChange={(e) => setRelease(e.currentTarget.value)}
            data-autofocus
            data-testid="run-release"
            required
          />
          <NativeSelect
            label="Environment"
            value={environmentId}
            onChange={(e) => setEnvironmentId(e.currentTarget.value)}
            data-testid="run-environment"
            data={[
              { value: '', label: 'No environment' },
              ...environments.map((env) => ({ value: String(env.id), label: `${env.name} (${TIER_LABEL[env.tier]})` })),
            ]}
          />
          {error && (
            <Alert color="red" data-testid="form-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={release.trim() === ''} data-testid="run-start-confirm">
              Start run
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

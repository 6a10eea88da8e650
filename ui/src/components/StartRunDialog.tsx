import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import { listEnvironments } from '../ipc/environments';
import { createRun, listRuns } from '../ipc/runs';
import { proposeEnvironment } from '../lib/proposeEnvironment';
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
  const [rehearsal, setRehearsal] = useState(false);
  const [hotfix, setHotfix] = useState(false);
  // The repository whose release tags give the change time, remembered per runbook on this machine.
  const repoKey = `runsheet.repo.${runbookId}`;
  const [repo, setRepo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setRelease('');
    setEnvironmentId('');
    setRehearsal(false);
    setHotfix(false);
    setRepo(localStorage.getItem(repoKey) ?? '');
    setError(null);
    setBusy(false);
    let live = true;
    // Propose where this runbook last ran (else staging), so a run is not started against no environment by default.
    Promise.all([listEnvironments(), listRuns(runbookId).catch(() => [])]).then(
      ([list, runs]) => {
        if (!live) return;
        setEnvironments(list);
        const proposed = proposeEnvironment(list, runs);
        setEnvironmentId(proposed ? String(proposed.id) : '');
      },
      (e: unknown) => live && setError(`Could not list environments: ${AppError.from(e).message}`),
    );
    return () => {
      live = false;
    };
  }, [opened, runbookId, repoKey]);

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const run = await createRun(
        { runbook_id: runbookId, release: release.trim(), environment_id: environmentId === '' ? null : Number(environmentId) },
        { rehearsal, hotfix, change_at: null },
        repo.trim() === '' ? null : repo.trim(),
      );
      if (repo.trim() === '') localStorage.removeItem(repoKey);
      else localStorage.setItem(repoKey, repo.trim());
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
          <Group gap="lg">
            <Checkbox label="Rehearsal" description="Left out of the deployment metrics" checked={rehearsal} onChange={(e) => setRehearsal(e.currentTarget.checked)} data-testid="run-rehearsal" />
            <Checkbox label="Hotfix" description="Counted as rework" checked={hotfix} onChange={(e) => setHotfix(e.currentTarget.checked)} data-testid="run-hotfix" />
          </Group>
          <TextInput
            label="Git repository (optional)"
            description="The change time is read from the release's tag here (v1.2.0 or 1.2.0), for the change lead time"
            placeholder="/home/me/src/shop"
            value={repo}
            onChange={(e) => setRepo(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="run-repo"
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

import { Alert, Group, Loader, NativeSelect, SegmentedControl, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { RunsTable } from '../components/RunsTable';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { listEnvironments } from '../ipc/environments';
import { listRuns } from '../ipc/runs';
import { runAttention } from '../lib/attention';
import { isRunOpen } from '../lib/runProgress';
import type { Route } from '../lib/route';
import { usePreloadRunView } from '../hooks/usePreloadRunView';

export function RunsPage({ go }: { go: (route: Route) => void }) {
  usePreloadRunView();
  const runs = useAsync(() => listRuns(null), [], 'Runs');
  const environments = useAsync(listEnvironments, [], 'Environments');
  const [filter, setFilter] = useState<'all' | 'open' | 'attention' | 'closed'>('all');
  const [environment, setEnvironment] = useState('');
  useWorkspaceChanged((c) => {
    if (c.entity === 'run') runs.reload();
    if (c.entity === 'environment') environments.reload();
  });
  useWorkspaceHead(() => runs.reload());

  const all = runs.data ?? [];
  const inState = (r: (typeof all)[number]) =>
    filter === 'all' ||
    (filter === 'open' && isRunOpen(r.state)) ||
    (filter === 'closed' && !isRunOpen(r.state)) ||
    (filter === 'attention' && runAttention(r.state, r.failed_steps, r.blocked_steps) !== null);
  const shown = all.filter((r) => inState(r) && (environment === '' || (r.environment ?? '') === environment));
  const environmentsUsed = [...new Set(all.map((r) => r.environment ?? ''))].filter((e) => e !== '').sort();
  const what = [filter === 'all' ? '' : filter === 'attention' ? 'that need attention' : `that are ${filter}`, environment ? `in ${environment}` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Runs</Title>
        <Group gap="sm">
          <NativeSelect
            value={environment}
            onChange={(e) => setEnvironment(e.currentTarget.value)}
            data={[{ value: '', label: 'All environments' }, ...environmentsUsed.map((e) => ({ value: e, label: e }))]}
            aria-label="Environment"
            data-testid="runs-filter-env"
          />
          <SegmentedControl
            value={filter}
            onChange={(v) => setFilter(v as typeof filter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'open', label: 'Open' },
              { value: 'attention', label: 'Needs attention' },
              { value: 'closed', label: 'Closed' },
            ]}
            data-testid="runs-filter-state"
          />
        </Group>
      </Group>
      {runs.error && <Alert color="red">{runs.error.message}</Alert>}
      {runs.loading && !runs.data ? (
        <Loader />
      ) : shown.length === 0 ? (
        <Alert color="gray" data-testid="runs-empty">
          {what ? `No runs ${what}.` : 'No runs yet. Start one from a runbook.'}
        </Alert>
      ) : (
        <RunsTable runs={shown} environments={environments.data ?? []} onOpen={(id) => go({ page: 'run', id })} />
      )}
    </Stack>
  );
}

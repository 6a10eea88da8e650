import { Alert, Badge, Button, Card, Group, Loader, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconArchive, IconEdit, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { CommandBlock } from '../components/CommandBlock';
import { ExportYamlButton } from '../components/ExportYamlButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Markdown } from '../components/Markdown';
import { RunsTable } from '../components/RunsTable';
import { StartRunDialog } from '../components/StartRunDialog';
import { KIND_LABEL, KindIcon } from '../components/stateStyle';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { listEnvironments } from '../ipc/environments';
import { archiveRunbook, getRunbook } from '../ipc/runbooks';
import { listRuns } from '../ipc/runs';
import type { Step } from '../ipc/types';
import type { Route } from '../lib/route';
import { formatDateTime, formatMinutes } from '../lib/time';
import { StepMetaBadges } from '../components/StepMetaBadges';
import { usePreloadRunView } from '../hooks/usePreloadRunView';

export function RunbookPage({ id, go }: { id: number; go: (route: Route) => void }) {
  usePreloadRunView();
  const runbook = useAsync(() => getRunbook(id), [id], 'Runbook');
  const runs = useAsync(() => listRuns(id), [id], 'Runs');
  const environments = useAsync(listEnvironments, [], 'Environments');
  const [starting, setStarting] = useState(false);
  const [archiving, setArchiving] = useState(false);
  useWorkspaceChanged((c) => {
    if (c.entity === 'runbook' && c.id === id) runbook.reload();
    if (c.entity === 'run') runs.reload();
  });

  if (runbook.error && !runbook.data) return <Alert color="red">{runbook.error.message}</Alert>;
  const rb = runbook.data;
  if (!rb) return <Loader />;
  const totalMinutes = rb.phases.reduce((sum, p) => sum + p.steps.reduce((s, st) => s + (st.duration_min ?? 0), 0), 0);
  let number = 0;

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2} data-testid="runbook-heading">
              {rb.title}
            </Title>
            <Badge variant="light" color={rb.kind === 'checklist' ? 'teal' : 'indigo'}>
              {rb.kind}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            Revision {rb.revision} · updated {formatDateTime(rb.updated_at)}
            {totalMinutes > 0 && ` · planned ${formatMinutes(totalMinutes)}`}
          </Text>
        </div>
        <Group>
          <Button variant="subtle" color="gray" leftSection={<IconArchive size={18} />} onClick={() => setArchiving(true)} data-testid="archive-runbook">
            Archive
          </Button>
          <ExportYamlButton id={rb.id} title={rb.title} />
          <Button variant="default" leftSection={<IconEdit size={18} />} onClick={() => go({ page: 'runbook-edit', id })} data-testid="edit-runbook">
            Edit
          </Button>
          <Button leftSection={<IconPlayerPlay size={18} />} onClick={() => setStarting(true)} data-testid="start-run" size="md">
            Start run
          </Button>
        </Group>
      </Group>

      {rb.description.trim() && (
        <Paper withBorder p="md">
          <Markdown source={rb.description} />
        </Paper>
      )}

      {rb.phases.map((phase, p) => (
        <Card withBorder key={phase.id ?? p} padding="md" data-testid={`phase-${p}`}>
          <Group justify="space-between" mb="xs">
            <Title order={4}>
              {rb.kind === 'runbook' && <Text span c="dimmed" inherit>{p + 1}. </Text>}
              {phase.title}
            </Title>
            <Text size="sm" c="dimmed">
              {phase.steps.length} step{phase.steps.length === 1 ? '' : 's'}
            </Text>
          </Group>
          {phase.notes.trim() && <Markdown source={phase.notes} size="sm" />}
          <Stack gap="sm">
            {phase.steps.map((step, s) => {
              number += 1;
              return <PlanStep key={step.id ?? `${p}-${s}`} step={step} number={number} />;
            })}
          </Stack>
        </Card>
      ))}

      <Title order={3} mt="md">
        Runs
      </Title>
      {runs.data && runs.data.length > 0 ? (
        <RunsTable runs={runs.data} environments={environments.data ?? []} showRunbook={false} onOpen={(runId) => go({ page: 'run', id: runId })} />
      ) : (
        <Text c="dimmed">Not run yet.</Text>
      )}

      <StartRunDialog
        opened={starting}
        runbookId={rb.id}
        runbookTitle={rb.title}
        onClose={() => setStarting(false)}
        onStarted={(run) => {
          setStarting(false);
          go({ page: 'run', id: run.id });
        }}
      />
      <ConfirmDialog
        opened={archiving}
        title="Archive this runbook?"
        message={`“${rb.title}” disappears from the list. Its runs and their audit trail are kept.`}
        confirmLabel="Archive"
        onCancel={() => setArchiving(false)}
        onConfirm={async () => {
          await archiveRunbook(rb.id);
          setArchiving(false);
          showDone(`Archived “${rb.title}”`);
          go({ page: 'runbooks' });
        }}
      />
    </Stack>
  );
}

function PlanStep({ step, number }: { step: Step; number: number }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={step.id !== null ? `plan-step-${step.id}` : undefined}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Tooltip label={KIND_LABEL[step.kind]}>
          <ThemeIcon variant="light" size="lg" radius="md">
            <KindIcon kind={step.kind} />
          </ThemeIcon>
        </Tooltip>
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600} size="md">
              <Text span c="dimmed" inherit>
                {number}.{' '}
              </Text>
              {step.title}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <StepMetaBadges step={step} />
            </Group>
          </Group>
          {step.instructions.trim() && <Markdown source={step.instructions} size="sm" />}
          {step.commands.map((c, i) => (
            <CommandBlock key={i} command={c} />
          ))}
        </Stack>
      </Group>
    </Paper>
  );
}

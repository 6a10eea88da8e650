import { Alert, Badge, Button, Card, Code, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { showError } from '../errors';
import { useNow } from '../hooks/useNow';
import { abortBake, startBake, tickRollbackStep } from '../ipc/rollouts';
import type { BakeVerdict, RolloutStatus, Run, Step } from '../ipc/types';
import { actionAllowedIn, bakeRemaining, countdown, describeAction, PROPOSAL, timeToRecover } from '../lib/rollout';
import { formatDuration } from '../lib/time';
import { ReasonDialog } from './ReasonDialog';

const VERDICT: Record<BakeVerdict, { label: string; colour: string }> = {
  baking: { label: 'Baking', colour: 'blue' },
  passed: { label: 'Passed', colour: 'green' },
  failed: { label: 'Failed a check', colour: 'red' },
  paused: { label: 'Paused for a person', colour: 'yellow' },
  aborted: { label: 'Aborted by a person', colour: 'gray' },
};

/**
 * The rollout side of a run: the selected rollout or wait step's bake (start it, a live countdown, the analysis as
 * it comes in, abort), "rollback proposed" with its evidence, the rollback dialog, and the rollback walked as its
 * own phase with time to recover shown live. Starting or escalating a rollback is the run page's dialog
 * (`onRollBack`), the same one the header's *Roll back* opens.
 */
export function RolloutPanel({
  run,
  step,
  rollout,
  onChanged,
  onRollBack,
}: {
  run: Run;
  step: Step | null;
  rollout: { status: RolloutStatus | null; reload: () => void; loadedAt: number };
  onChanged: () => void;
  onRollBack: () => void;
}) {
  const { status, reload, loadedAt } = rollout;
  const now = useNow(1000, true);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [abortFor, setAbortFor] = useState<number | null>(null);
  const [confirmingAction, setConfirmingAction] = useState(false);
  if (!status) return null;
  const spec = step?.kind === 'rollout' || step?.kind === 'wait' ? (step.rollout ?? null) : null;
  const analysis = status.analysis && status.current_step?.step_id === step?.id ? status.analysis : null;
  const rollback = status.rollback;
  const activeRollback = rollback && !rollback.ended_at && !rollback.escalated ? rollback : null;
  const open = run.state === 'planned' || run.state === 'in_progress';
  if (!spec && !rollback && status.proposed_action !== 'rollback') return null;
  const remaining = bakeRemaining(status, loadedAt, now);
  const failing = (analysis?.recent ?? []).filter((s) => s.status === 'fail');
  const action = spec?.action ?? null;
  const actionRuns = action !== null && actionAllowedIn(action, run.environment);
  const bake = (runAction: boolean) => {
    if (!step) return;
    void act(() => startBake(run.id, step.id ?? 0, spec?.confirm ? typed.trim() : null, runAction), 'Bake');
  };
  const done = () => {
    reload();
    onChanged();
  };
  const act = async (what: () => Promise<unknown>, context: string) => {
    setBusy(true);
    try {
      await what();
      done();
    } catch (e) {
      showError(e, context);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="rollout-panel" data-proposed={status.proposed_action}>
      <Stack gap="sm">
        {spec && step && (
          <Stack gap="xs" data-testid="bake-card">
            <Group justify="space-between">
              <Title order={4}>{spec.traffic_percent != null ? `Traffic to ${spec.traffic_percent} %` : 'Bake'}</Title>
              {analysis && (
                <Badge color={VERDICT[analysis.verdict].colour} size="lg" data-testid="bake-verdict" data-verdict={analysis.verdict}>
                  {VERDICT[analysis.verdict].label}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              Bake {spec.bake ?? '2m'}, analysis every {spec.interval ?? '1m'}:{' '}
              {[...(spec.analysis?.checks ?? []), ...(spec.analysis?.suite ? [`suite ${spec.analysis.suite}`] : [])].join(', ') || 'no checks'}
              {spec.failure_ratio_limit != null && `; fails over ${Math.round(spec.failure_ratio_limit * 100)} % failed samples`}
            </Text>
            {action && (
              <Text size="sm" data-testid="rollout-action" data-runs={actionRuns ? 'yes' : 'no'}>
                {actionRuns ? 'Before the bake, after you confirm: ' : `Action disabled in ${run.environment}, shift the traffic by hand: `}
                <Code>{describeAction(action)}</Code>
              </Text>
            )}
            {analysis?.verdict === 'baking' && remaining !== null && (
              <Group justify="space-between" align="flex-end">
                <Stack gap={0}>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                    Bake remaining
                  </Text>
                  <Text fz={32} fw={800} lh={1.1} data-testid="bake-countdown" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {countdown(remaining)}
                  </Text>
                </Stack>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconPlayerStop size={16} />}
                  onClick={() => setAbortFor(analysis.bake_id)}
                  data-testid="bake-abort"
                >
                  Abort bake
                </Button>
              </Group>
            )}
            {analysis && analysis.reason && analysis.verdict !== 'baking' && (
              <Text size="sm" data-testid="bake-reason">
                {analysis.reason}
              </Text>
            )}
            {analysis && analysis.checks.length > 0 && (
              <Table withTableBorder fz="sm" data-testid="bake-analysis">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Check</Table.Th>
                    <Table.Th>Samples</Table.Th>
                    <Table.Th>Failed</Table.Th>
                    <Table.Th>Last value</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {analysis.checks.map((c) => (
                    <Table.Tr key={c.check} data-testid={`analysis-${c.check}`} data-last={c.last_status ?? ''}>
                      <Table.Td>{c.check}</Table.Td>
                      <Table.Td>{c.samples}</Table.Td>
                      <Table.Td c={c.failures > 0 ? 'red' : undefined}>{c.failures}</Table.Td>
                      <Table.Td c={c.last_status === 'fail' ? 'red' : c.last_status === 'inconclusive' ? 'yellow' : undefined}>
                        {c.last_value || c.last_status || '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {open && !activeRollback && status.current_step?.step_id === step.id && analysis?.verdict !== 'baking' && (
              <Group align="flex-end">
                {spec.confirm && (
                  <TextInput
                    label={`Type ${spec.confirm} to start`}
                    value={typed}
                    onChange={(e) => setTyped(e.currentTarget.value)}
                    data-testid="bake-confirm-text"
                  />
                )}
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  disabled={busy || (spec.confirm != null && typed.trim() !== spec.confirm)}
                  onClick={() => (actionRuns ? setConfirmingAction(true) : bake(false))}
                  data-testid="bake-start"
                >
                  {analysis ? 'Bake again' : 'Start bake'}
                </Button>
              </Group>
            )}
          </Stack>
        )}

        {status.proposed_action !== 'none' && PROPOSAL[status.proposed_action] && status.proposed_action !== 'rollback' && (
          <Text size="sm" fw={600} data-testid="rollout-proposal">
            {PROPOSAL[status.proposed_action]}
          </Text>
        )}

        {status.proposed_action === 'rollback' && open && (
          <Alert color="red" variant="filled" title="Rollback proposed" data-testid="rollback-proposed">
            <Stack gap={6}>
              <Text size="sm">{analysis?.reason ?? 'A bake of this run failed its analysis.'}</Text>
              {failing.slice(0, 3).map((s) => (
                <Text key={`${s.round}-${s.check}`} size="xs" ff="monospace">
                  {new Date(s.at).toLocaleTimeString()} {s.check}: {s.value}
                </Text>
              ))}
              <Group>
                <Button color="grape" variant="white" leftSection={<IconArrowBackUp size={16} />} onClick={onRollBack} data-testid="rollback-open">
                  Roll back…
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        {rollback && (
          <Stack gap="xs" data-testid="rollback-phase" data-ended={rollback.ended_at ? 'yes' : 'no'}>
            <Group justify="space-between">
              <Title order={4}>
                Rollback, level {rollback.level}: {rollback.title}
              </Title>
              {rollback.automatic && <Badge color="orange">automatic</Badge>}
            </Group>
            <Text size="sm">
              By {rollback.by}: “{rollback.reason}”
            </Text>
            <Text size="xs" c="dimmed">
              Cause: {rollback.cause}
            </Text>
            <Group gap="xs" align="baseline">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                Time to recover
              </Text>
              <Text fz={24} fw={800} data-testid="time-to-recover" data-seconds={Math.round(timeToRecover(rollback, now))} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatDuration(timeToRecover(rollback, now) * 1000)}
              </Text>
              {rollback.ended_at && <Badge color="green">verified</Badge>}
            </Group>
            {rollback.steps.map((s) => {
              const next = activeRollback?.steps.find((x) => !x.done_at)?.number === s.number;
              return (
                <Group key={s.number} justify="space-between" wrap="nowrap" data-testid={`rollback-step-${s.number}`} data-done={s.done_at ? 'yes' : 'no'}>
                  <Text size="sm" td={s.done_at ? 'line-through' : undefined} c={s.done_at ? 'dimmed' : undefined}>
                    {s.number}. {s.title}
                    {s.done_by && ` — ${s.done_by}`}
                  </Text>
                  {next && (
                    <Button
                      size="xs"
                      color="green"
                      leftSection={<IconCheck size={14} />}
                      disabled={busy}
                      onClick={() => void act(() => tickRollbackStep(run.id, s.number), 'Rollback')}
                      data-testid={`rollback-step-done-${s.number}`}
                    >
                      Done
                    </Button>
                  )}
                </Group>
              );
            })}
            {activeRollback && activeRollback.level < 4 && (
              <Button variant="subtle" color="grape" size="xs" onClick={onRollBack} data-testid="rollback-escalate">
                Escalate to a deeper level…
              </Button>
            )}
          </Stack>
        )}

        {status.past_point_of_no_return && open && (
          <Text size="xs" c="orange" data-testid="point-of-no-return">
            Past the point of no return: rollback is no longer a traffic switch; the recovery path is an application rollback or a database restore.
          </Text>
        )}
      </Stack>

      <Modal opened={confirmingAction} onClose={() => setConfirmingAction(false)} title="Run the action and start the bake" centered size="lg">
        <Stack>
          <Text size="sm">This step shifts traffic first, against {run.environment}:</Text>
          <Code block data-testid="action-description">
            {action ? describeAction(action) : ''}
          </Code>
          <Text size="sm" c="dimmed">
            Secrets come from the keyring. What it answers is kept in the audit trail as evidence; if it fails, the bake does not start.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingAction(false)}>
              Cancel
            </Button>
            <Button
              color="orange"
              onClick={() => {
                setConfirmingAction(false);
                bake(true);
              }}
              data-testid="action-confirm"
            >
              Run it and bake
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ReasonDialog
        opened={abortFor !== null}
        title="Abort the bake"
        description="Why is the bake stopped? This is kept apart from a failed check."
        confirmLabel="Abort bake"
        onCancel={() => setAbortFor(null)}
        onConfirm={async (reason) => {
          if (abortFor === null) return;
          await abortBake(abortFor, reason);
          setAbortFor(null);
          done();
        }}
      />
    </Card>
  );
}

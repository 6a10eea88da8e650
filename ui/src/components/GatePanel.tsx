import { Alert, Badge, Button, Card, Divider, Group, Menu, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconDownload, IconFileImport, IconHistory, IconSignature, IconThumbDown, IconX } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import { showDone, showError } from '../errors';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { decideGate, gateStatus, listSignOffs, liftSignOff, markCriterion, renewGate, requestSignOff, signGate } from '../ipc/approvals';
import type { Decision, GateSpec, GateStatus, GoNoGo, Profile, SignOff } from '../ipc/types';
import { awaitingFor, DECISION_LABEL, gateChecks, mayOverride, REQUIREMENT_COLOUR, REQUIREMENT_LABEL, signableRoles } from '../lib/gate';
import { formatAgo, formatDateTime } from '../lib/time';
import { overrideWindow } from '../ipc/windows';
import { GateReplayDialog } from './GateReplayDialog';
import { ImportSignOffDialog } from './ImportSignOffDialog';
import { ReasonDialog } from './ReasonDialog';
import { TextPromptDialog } from './TextPromptDialog';

type Ask =
  | { kind: 'reject'; role: string }
  | { kind: 'withdraw'; signOff: SignOff }
  | { kind: 'override'; signOff: SignOff }
  | { kind: 'decide'; decision: GoNoGo }
  | { kind: 'renew' }
  | { kind: 'override_window' }
  | null;

/**
 * A gate of a run, explaining itself: each requirement with its state, value and who can clear it; sign-off buttons
 * for the roles the current person holds; the sign-offs with their signature badges; the go/no-go board.
 */
export function GatePanel({
  runId,
  stepId,
  spec,
  profile,
  runOpen,
  now,
  onChanged,
}: {
  runId: number;
  stepId: number;
  spec: GateSpec;
  profile: Profile | null;
  runOpen: boolean;
  now: number;
  /** Called after this panel changed the run (so the run view reloads its steps and audit trail). */
  onChanged: () => void;
}) {
  const [gate, setGate] = useState<GateStatus | null>(null);
  const [signOffs, setSignOffs] = useState<SignOff[]>([]);
  const [ask, setAsk] = useState<Ask>(null);
  const [importing, setImporting] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [gates, all] = await Promise.all([gateStatus(runId), listSignOffs(runId)]);
      setGate(gates.find((g) => g.step_id === stepId) ?? null);
      setSignOffs(all.filter((s) => s.step_id === stepId));
    } catch (e) {
      showError(e, 'Load the gate');
    }
  }, [runId, stepId]);

  useEffect(() => {
    void load();
  }, [load]);
  useWorkspaceChanged(() => void load());
  // Check results and sign-offs also arrive from other processes (the CLI, a pipeline): the app notices every
  // change to the workspace file within a second.
  useWorkspaceHead(() => void load());
  // Nothing is written when a check result grows too old for the gate, so while the gate is still to be passed,
  // look again every half minute (freshness limits are counted in minutes).
  const pending = runOpen && !gate?.passed;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(() => void load(), 30_000);
    return () => window.clearInterval(timer);
  }, [pending, load]);

  // The reminder fires once per approval window, when the gate enters its last minutes (and again after a renewal).
  const reminded = useRef<string | null>(null);
  useEffect(() => {
    const e = gate?.expiry;
    if (!e || gate.passed || !e.reminding || reminded.current === e.started_at) return;
    reminded.current = e.started_at;
    const waiting = awaitingFor(gate);
    notifications.show({
      color: 'yellow',
      autoClose: false,
      title: `Gate “${gate.title}” expires at ${formatDateTime(e.expires_at)}`,
      message: `${waiting.length > 0 ? `Still waiting on ${waiting.join(', ')}. ` : ''}Past it the gate is held until someone renews it.`,
    });
  }, [gate]);

  const act = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      showDone(what);
      await load();
      onChanged();
    } catch (e) {
      showError(e, what);
    } finally {
      setBusy(false);
    }
  };

  const sign = (role: string, decision: Decision, comment = '') =>
    act(`${DECISION_LABEL[decision]} as ${role}`, () => signGate(runId, stepId, role, decision, comment));

  const exportRequest = async (role: string) => {
    try {
      const { save } = await import('@tauri-apps/plugin-dialog');
      const path = await save({ defaultPath: `signoff-request-run${runId}-${role.replace(/\W+/g, '-')}.json` });
      if (path) await act(`Sign-off request for ${role} saved`, () => requestSignOff(runId, stepId, role, path));
    } catch (e) {
      showError(e, 'Export a sign-off request');
    }
  };

  if (!gate) return null;
  const mine = signableRoles(spec, gate, profile);
  const expiry = gate.passed ? null : gate.expiry;
  const overrideRoles = spec.override_roles ?? [];
  const verdict = gate.passed ? 'passed' : gate.open ? 'open' : 'closed';
  const board = gate.criteria.length > 0;
  const checks = gateChecks(spec);

  return (
    <Card withBorder padding="md" data-testid="gate-panel" data-gate-open={gate.open ? 'true' : 'false'}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Gate</Title>
          <Group gap="xs">
            {checks.length > 0 && (
              <Tooltip label="What would this gate have decided on recent runs with another threshold?">
                <Button size="compact-sm" variant="default" leftSection={<IconHistory size={14} />} onClick={() => setReplaying(true)} data-testid="gate-replay">
                  Replay…
                </Button>
              </Tooltip>
            )}
            <Badge size="lg" color={gate.open ? 'green' : 'red'} variant="filled" data-testid="gate-verdict">
              {verdict}
            </Badge>
          </Group>
        </Group>

        {expiry && (expiry.held || expiry.reminding) && (
          <Alert color={expiry.held ? 'orange' : 'yellow'} variant="light" p="xs" data-testid="gate-expiry" data-held={String(expiry.held)}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm">
                {expiry.held
                  ? `Held since ${formatDateTime(expiry.expires_at)}: the approvals waited past their window. Sign-offs stand; renew to go on.`
                  : `Expires in ${Math.max(0, Math.ceil((Date.parse(expiry.expires_at) - now) / 60000))} min, at ${formatDateTime(expiry.expires_at)}: then held until renewed.`}
              </Text>
              {runOpen && (
                <Button size="compact-xs" color={expiry.held ? 'orange' : 'yellow'} disabled={busy} onClick={() => setAsk({ kind: 'renew' })} data-testid="gate-renew">
                  Renew…
                </Button>
              )}
            </Group>
          </Alert>
        )}

        <Stack gap={6}>
          {gate.requirements.map((r, i) => (
            <Group key={i} gap="sm" wrap="nowrap" align="flex-start" data-testid={`gate-requirement-${i}`} data-state={r.state}>
              <Badge color={REQUIREMENT_COLOUR[r.state]} variant="light" w={104} style={{ flexShrink: 0 }}>
                {REQUIREMENT_LABEL[r.state]}
              </Badge>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {r.description}
                  {r.observe_only && (
                    <Badge ml={6} size="xs" variant="outline" color="gray">
                      observe only
                    </Badge>
                  )}
                </Text>
                <Text size="sm" c="dimmed" data-testid={`gate-requirement-detail-${i}`}>
                  {r.detail}
                  {r.since && ` · since ${formatAgo(r.since, now)}`}
                </Text>
                {r.kind === 'change_window' && r.state !== 'met' && runOpen && !gate.passed && (
                  <Tooltip label={overrideRoles.length > 0 ? `Allowed for: ${overrideRoles.join(', ')}` : 'No role may override this gate'}>
                    <Button
                      mt={4}
                      size="compact-xs"
                      variant="light"
                      color="red"
                      w="fit-content"
                      disabled={busy || overrideRoles.length === 0}
                      onClick={() => setAsk({ kind: 'override_window' })}
                      data-testid="gate-window-override"
                    >
                      Emergency override…
                    </Button>
                  </Tooltip>
                )}
              </Stack>
            </Group>
          ))}
        </Stack>

        {spec.requirements.some((r) => r.kind === 'sign_off') && (
          <>
            <Divider label="Sign-offs" labelPosition="left" />
            {signOffs.length === 0 && (
              <Text size="sm" c="dimmed">
                No sign-offs yet.
              </Text>
            )}
            {signOffs.map((s) => (
              <Group key={s.id} gap="xs" wrap="nowrap" align="flex-start" data-testid={`sign-off-${s.id}`} data-state={s.state}>
                <Tooltip label={`Key ${s.key_fingerprint}`}>
                  <Badge
                    color={s.signature_valid ? 'teal' : 'red'}
                    variant="light"
                    leftSection={s.signature_valid ? <IconCheck size={12} /> : <IconX size={12} />}
                    style={{ flexShrink: 0 }}
                    data-testid={`sign-off-badge-${s.id}`}
                  >
                    {s.signature_valid ? 'verified' : 'broken'}
                  </Badge>
                </Tooltip>
                <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm" td={s.state === 'active' ? undefined : 'line-through'}>
                    <b>{s.person}</b> as {s.role}: {DECISION_LABEL[s.decision]}
                    {s.request_nonce && ' (remote)'}
                    {s.state !== 'active' && ` — ${s.state}`}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(s.signed_at)}
                    {s.comment && ` · “${s.comment}”`}
                  </Text>
                </Stack>
                {runOpen && s.state === 'active' && !gate.passed && profile && s.person === profile.name && (
                  <Button size="compact-xs" variant="subtle" onClick={() => setAsk({ kind: 'withdraw', signOff: s })} data-testid={`sign-off-withdraw-${s.id}`}>
                    Withdraw
                  </Button>
                )}
                {runOpen && !gate.passed && mayOverride(spec, s, profile) && (
                  <Button size="compact-xs" variant="subtle" color="orange" onClick={() => setAsk({ kind: 'override', signOff: s })} data-testid={`sign-off-override-${s.id}`}>
                    Override
                  </Button>
                )}
              </Group>
            ))}
            {runOpen && !gate.passed && (
              <Stack gap={6}>
                {mine.length === 0 && (
                  <Text size="sm" c="dimmed" data-testid="gate-no-roles">
                    {awaitingFor(gate).length === 0
                      ? 'Every role asked for has signed.'
                      : `Waiting on ${awaitingFor(gate).join(', ')}: you hold none of these roles, so request their sign-off.`}
                  </Text>
                )}
                {mine.map((role) => (
                  <Group key={role} gap="xs">
                    <Button size="xs" color="teal" leftSection={<IconSignature size={14} />} disabled={busy} onClick={() => void sign(role, 'approve')} data-testid={`gate-approve-${role}`}>
                      Approve as {role}
                    </Button>
                    <Button size="xs" color="red" variant="light" leftSection={<IconThumbDown size={14} />} disabled={busy} onClick={() => setAsk({ kind: 'reject', role })} data-testid={`gate-reject-${role}`}>
                      Reject
                    </Button>
                  </Group>
                ))}
                <Group gap="xs">
                  <Menu position="bottom-start">
                    <Menu.Target>
                      <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} data-testid="gate-request">
                        Request sign-off…
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {awaitingFor(gate).map((role) => (
                        <Menu.Item key={role} onClick={() => void exportRequest(role)}>
                          From a {role}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                  <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)} data-testid="gate-import">
                    Import response…
                  </Button>
                </Group>
              </Stack>
            )}
          </>
        )}

        {board && (
          <>
            <Divider label="Go / no-go" labelPosition="left" />
            {gate.criteria.map((c) => (
              <Group key={c.number} gap="xs" wrap="nowrap" justify="space-between" data-testid={`criterion-${c.number}`} data-holds={String(c.holds)}>
                <Text size="sm" style={{ minWidth: 0 }}>
                  <Badge size="xs" mr={6} color={c.no_go ? 'red' : 'green'} variant="outline">
                    {c.no_go ? 'NO-GO' : 'GO'}
                  </Badge>
                  {c.text}
                  {c.by && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {c.by}
                    </Text>
                  )}
                </Text>
                <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                  <Button
                    size="compact-xs"
                    variant={c.holds === (c.no_go ? false : true) ? 'filled' : 'default'}
                    color="green"
                    disabled={busy || !runOpen || gate.passed}
                    onClick={() => void act('Criterion marked', () => markCriterion(runId, stepId, c.number, !c.no_go))}
                    data-testid={`criterion-ok-${c.number}`}
                  >
                    {c.no_go ? 'Clear' : 'Holds'}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant={c.holds === (c.no_go ? true : false) ? 'filled' : 'default'}
                    color="red"
                    disabled={busy || !runOpen || gate.passed}
                    onClick={() => void act('Criterion marked', () => markCriterion(runId, stepId, c.number, c.no_go))}
                    data-testid={`criterion-bad-${c.number}`}
                  >
                    {c.no_go ? 'Present' : 'Fails'}
                  </Button>
                </Group>
              </Group>
            ))}
            {gate.decision && (
              <Alert color={gate.decision.decision === 'go' ? 'green' : 'red'} variant="light" p="xs" data-testid="gate-decision">
                {gate.decision.decision === 'go' ? 'GO' : 'NO-GO'} recorded by {gate.decision.by} {formatDateTime(gate.decision.at)}: “
                {gate.decision.reason}”
              </Alert>
            )}
            {runOpen && !gate.passed && (
              <Group gap="xs">
                <Button color="green" size="xs" disabled={busy} onClick={() => setAsk({ kind: 'decide', decision: 'go' })} data-testid="gate-go">
                  GO
                </Button>
                <Button color="red" size="xs" variant="light" disabled={busy} onClick={() => setAsk({ kind: 'decide', decision: 'no_go' })} data-testid="gate-no-go">
                  NO-GO
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>

      <TextPromptDialog
        opened={ask?.kind === 'reject'}
        title={ask?.kind === 'reject' ? `Reject as ${ask.role}` : ''}
        label="Comment"
        description="A rejection blocks the gate until you withdraw it or a role allowed to override does, with a reason."
        placeholder="What must change before you approve?"
        maxLength={2000}
        confirmLabel="Sign the rejection"
        confirmColour="red"
        inputTestId="reject-comment"
        confirmTestId="reject-confirm"
        onCancel={() => setAsk(null)}
        onConfirm={async (comment) => {
          if (ask?.kind !== 'reject') return;
          await signGate(runId, stepId, ask.role, 'reject', comment);
          setAsk(null);
          await load();
          onChanged();
        }}
      />
      <ReasonDialog
        opened={ask?.kind === 'withdraw' || ask?.kind === 'override' || ask?.kind === 'decide' || ask?.kind === 'renew' || ask?.kind === 'override_window'}
        title={
          ask?.kind === 'override_window'
            ? `Override the change window of “${gate.title}”`
            : ask?.kind === 'withdraw'
            ? `Withdraw your ${DECISION_LABEL[ask.signOff.decision].toLowerCase()} as ${ask.signOff.role}`
            : ask?.kind === 'override'
              ? `Override ${ask.signOff.person}’s rejection as ${ask.signOff.role}`
              : ask?.kind === 'renew'
                ? `Renew the approval window of “${gate.title}”`
            : ask?.kind === 'decide'
              ? `Record ${ask.decision === 'go' ? 'GO' : 'NO-GO'} for “${gate.title}”`
              : ''
        }
        description={
          ask?.kind === 'override_window'
            ? `An emergency override opens this production gate outside its change window or inside a freeze. It needs one of: ${overrideRoles.join(', ')}; your name and reason go into the audit trail.`
            : ask?.kind === 'renew'
            ? `The window restarts now for ${expiry ? Math.round((Date.parse(expiry.expires_at) - Date.parse(expiry.started_at)) / 60000) : ''} min; the renewal is recorded under your name with this reason.`
            : ask?.kind === 'override'
            ? 'The rejection stays in the record, marked overridden under your name with this reason; the gate then waits for a fresh sign-off in that role.'
            : ask?.kind === 'decide' && ask.decision === 'no_go'
              ? 'NO-GO fails this gate step and ends the run’s forward path.'
            : ask?.kind === 'decide'
              ? 'GO is recorded in the audit trail under your name.'
              : undefined
        }
        confirmLabel={ask?.kind === 'decide' ? (ask.decision === 'go' ? 'Record GO' : 'Record NO-GO') : ask?.kind === 'override' || ask?.kind === 'override_window' ? 'Override' : ask?.kind === 'renew' ? 'Renew' : 'Withdraw'}
        confirmColour={(ask?.kind === 'decide' && ask.decision === 'go') || ask?.kind === 'renew' ? 'green' : 'red'}
        onCancel={() => setAsk(null)}
        onConfirm={async (reason) => {
          if (ask?.kind === 'withdraw' || ask?.kind === 'override') await liftSignOff(ask.signOff.id, reason);
          if (ask?.kind === 'decide') await decideGate(runId, stepId, ask.decision, reason);
          if (ask?.kind === 'renew') await renewGate(runId, stepId, reason);
          if (ask?.kind === 'override_window') await overrideWindow(runId, stepId, reason);
          setAsk(null);
          await load();
          onChanged();
        }}
      />
      <ImportSignOffDialog
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={async () => {
          setImporting(false);
          await load();
          onChanged();
        }}
      />
      {replaying && <GateReplayDialog runId={runId} stepId={stepId} title={gate.title} checks={checks} opened onClose={() => setReplaying(false)} />}
    </Card>
  );
}

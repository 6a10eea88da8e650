import { Alert, Badge, Button, Card, Divider, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconCheck,
  IconHandFinger,
  IconHandStop,
  IconNote,
  IconPlayerPlay,
  IconPlayerSkipForward,
  IconRotate,
  IconX,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Claim, RunState, RunStep, Step } from '../ipc/types';
import { hintFor, type ShortcutCommand } from '../lib/shortcuts';
import { whyNotStepAction } from '../lib/attention';
import { canApply, type StepActionName } from '../lib/stepRules';
import { formatDateTime, formatTime } from '../lib/time';
import { StepMetaBadges } from './StepMetaBadges';
import { CommandBlock } from './CommandBlock';
import { Markdown } from './Markdown';
import { KIND_LABEL, KindIcon, STEP_COLOUR, StepStateBadge } from './stateStyle';

function Hint({ command }: { command: ShortcutCommand }) {
  return <kbd className="hint">{hintFor(command)}</kbd>;
}

/** The selected step of a run: what to do, its commands and notes, and the actions on it. */
export function StepDetail({
  step,
  state,
  number,
  runState,
  busy,
  onAction,
  onNote,
  claim = null,
  me = null,
  onClaim,
  onUnclaim,
}: {
  step: Step;
  state: RunStep;
  /** phase.step, `4.3`. */
  number: string;
  runState: RunState;
  busy: boolean;
  onAction: (action: StepActionName) => void;
  onNote: () => void;
  /** Who is on this step ("I'm on it"), if anyone. */
  claim?: Claim | null;
  /** The profile's name: whose claim is one's own. */
  me?: string | null;
  /** Claim the step; `takeOver` when someone else is on it. */
  onClaim?: (takeOver: boolean) => void;
  onUnclaim?: () => void;
}) {
  const can = (a: StepActionName) => !busy && canApply(a, state.state, runState);
  const open = runState === 'planned' || runState === 'in_progress';
  const button = (action: StepActionName, label: string, icon: ReactNode, colour: string, hint: ShortcutCommand | null, variant = 'light') => {
    const why = busy ? null : whyNotStepAction(action, state.state, runState, canApply(action, state.state, runState));
    return (
      <Tooltip key={action} label={why ?? ''} disabled={why === null}>
        {/* A disabled button takes no pointer events: the wrapper carries the tooltip's hover. */}
        <span style={{ display: 'inline-block' }} data-why={why ?? undefined}>
          <Button
            color={colour}
            variant={variant}
            leftSection={icon}
            disabled={!can(action)}
            onClick={() => onAction(action)}
            data-testid={`step-${action === 'complete' ? 'tick' : action}`}
          >
            {label}
            {hint && <Hint command={hint} />}
          </Button>
        </span>
      </Tooltip>
    );
  };

  return (
    <Card withBorder padding="md" data-testid="step-detail" data-step-id={step.id ?? undefined}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} fz={22}>
            <Text span c="dimmed" inherit fw={500}>
              {number}{' '}
            </Text>
            {step.title}
          </Title>
          <div style={{ flexShrink: 0 }}>
            <StepStateBadge state={state.state} size="lg" />
          </div>
        </Group>
        <Group gap="xs">
          <Badge variant="light" leftSection={<KindIcon kind={step.kind} size={12} />}>
            {KIND_LABEL[step.kind]}
          </Badge>
          <StepMetaBadges step={step} plannedPrefix="planned " />
        </Group>

        {open && (
          <Group gap="xs">
            {button('start', 'Start', <IconPlayerPlay size={16} />, 'blue', 'start')}
            {button('complete', 'Tick off', <IconCheck size={16} />, 'green', 'tick', 'filled')}
            {button('skip', 'Skip', <IconPlayerSkipForward size={16} />, 'grape', 'skip')}
            {button('fail', 'Fail', <IconX size={16} />, 'red', 'fail')}
            {button('block', 'Block', <IconHandStop size={16} />, 'orange', 'block')}
            {button('reopen', 'Reopen', <IconRotate size={16} />, 'gray', null)}
            <Button variant="default" leftSection={<IconNote size={16} />} onClick={onNote} disabled={busy} data-testid="step-note">
              Note
              <Hint command="note" />
            </Button>
          </Group>
        )}

        {open && onClaim && state.state !== 'done' && state.state !== 'skipped' && (
          <ClaimLine claim={claim} me={me} busy={busy} onClaim={onClaim} onUnclaim={onUnclaim} />
        )}

        {(state.actor || state.started_at) && state.state !== 'pending' && (
          <Text size="sm" c="dimmed">
            {state.actor}
            {state.started_at && ` · started ${formatDateTime(state.started_at)}`}
            {state.ended_at && ` · ended ${formatTime(state.ended_at)}`}
          </Text>
        )}
        {state.reason && state.state !== 'pending' && state.state !== 'done' && (
          <Alert color={STEP_COLOUR[state.state]} variant="light" title="Reason" data-testid="step-detail-reason">
            {state.reason}
          </Alert>
        )}

        <Divider label="Instructions" labelPosition="left" />
        <Markdown source={step.instructions} empty="No instructions." size="md" />

        {step.commands.length > 0 && (
          <>
            <Divider label="Commands" labelPosition="left" />
            <Stack gap="xs">
              {step.commands.map((c, i) => (
                <CommandBlock key={i} command={c} testId={`step-command-${i}`} />
              ))}
            </Stack>
          </>
        )}

        <Divider label={`Notes (${state.notes.length})`} labelPosition="left" />
        {state.notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No notes.
          </Text>
        ) : (
          <Stack gap="xs" data-testid="step-notes">
            {state.notes.map((note, i) => (
              <Paper key={i} withBorder p="xs" radius="sm" data-testid={`step-note-${i}`}>
                <Text size="xs" c="dimmed" mb={2}>
                  <b>{note.actor}</b> · {formatDateTime(note.at)}
                </Text>
                <Markdown source={note.text} size="sm" />
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** "I'm on it", or who is on it since when, with *Let go* for one's own claim and *Take over* for another's. */
function ClaimLine({
  claim,
  me,
  busy,
  onClaim,
  onUnclaim,
}: {
  claim: Claim | null;
  me: string | null;
  busy: boolean;
  onClaim: (takeOver: boolean) => void;
  onUnclaim?: () => void;
}) {
  if (!claim) {
    return (
      <Group gap="xs">
        <Button size="xs" variant="light" color="teal" leftSection={<IconHandFinger size={14} />} disabled={busy} onClick={() => onClaim(false)} data-testid="step-claim">
          I&apos;m on it
        </Button>
        <Text size="xs" c="dimmed">
          Tell everyone you are doing this step, so nobody does it twice.
        </Text>
      </Group>
    );
  }
  const mine = me !== null && claim.claimed_by.trim().toLowerCase() === me.trim().toLowerCase();
  return (
    <Group gap="xs" data-testid="step-claimed" data-claimed-by={claim.claimed_by}>
      <Badge color="teal" variant={mine ? 'filled' : 'light'} leftSection={<IconHandFinger size={12} />}>
        {mine ? 'You are' : `${claim.claimed_by} is`} on it since {formatTime(claim.claimed_at)}
      </Badge>
      {mine ? (
        <Button size="xs" variant="subtle" color="gray" disabled={busy} onClick={onUnclaim} data-testid="step-unclaim">
          Let go
        </Button>
      ) : (
        <Button size="xs" variant="subtle" color="orange" disabled={busy} onClick={() => onClaim(true)} data-testid="step-take-over">
          Take over
        </Button>
      )}
    </Group>
  );
}

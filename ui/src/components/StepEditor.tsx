import { ActionIcon, Badge, Button, Collapse, Grid, Group, NativeSelect, NumberInput, Paper, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconChevronDown, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Step, StepKind } from '../ipc/types';
import { emptyCommand, move, removeAt, replaceAt } from '../lib/runbookDraft';
import { formatMinutes, plannedLabel } from '../lib/time';
import { MarkdownField } from './MarkdownField';
import { KIND_LABEL, KindIcon } from './stateStyle';

const KINDS: StepKind[] = ['task', 'check', 'gate', 'rollout', 'wait'];

/** Minutes from a NumberInput: empty → null. */
function minutes(value: string | number): number | null {
  if (value === '' || value === null) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : null;
}

/** One step of the runbook editor: a title row, and the details when expanded. */
export function StepEditor({
  step,
  id,
  number,
  expanded,
  onToggle,
  onChange,
  onMove,
  onRemove,
  canMoveUp,
  canMoveDown,
  error,
}: {
  step: Step;
  /** `<phaseIndex>-<stepIndex>`, for test ids. */
  id: string;
  number: number;
  expanded: boolean;
  onToggle: () => void;
  onChange: (step: Step) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  canMoveUp: boolean;
  canMoveDown: boolean;
  /** A validation message for this step, with the field it names. */
  error: { field: string; message: string } | null;
}) {
  const set = <K extends keyof Step>(key: K, value: Step[K]) => onChange({ ...step, [key]: value });
  const planned = plannedLabel(step);
  const fieldError = (field: string) => (error && error.field === field ? error.message : undefined);

  return (
    <Paper withBorder p="xs" radius="md" data-testid={`step-editor-${id}`}>
      <Group gap="xs" wrap="nowrap">
        <ActionIcon variant="subtle" color="gray" onClick={onToggle} aria-label={expanded ? 'Hide details' : 'Show details'} data-testid={`step-expand-${id}`}>
          {expanded ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
        </ActionIcon>
        <Text c="dimmed" w={28} ta="right" size="sm">
          {number}.
        </Text>
        <KindIcon kind={step.kind} />
        <TextInput
          style={{ flex: 1 }}
          placeholder="What to do, in a few words"
          value={step.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={fieldError('title')}
          data-testid={`step-title-${id}`}
          aria-label="Step title"
        />
        {!expanded && (
          <Group gap={4} wrap="nowrap">
            {step.owner_role && <Badge variant="outline" size="sm">{step.owner_role}</Badge>}
            {planned && <Badge variant="light" color="gray" size="sm">{planned}</Badge>}
            {step.duration_min !== null && <Badge variant="light" color="gray" size="sm">{formatMinutes(step.duration_min)}</Badge>}
            {step.commands.length > 0 && <Badge variant="light" size="sm">{step.commands.length} cmd</Badge>}
          </Group>
        )}
        <Tooltip label="Move up">
          <ActionIcon variant="subtle" color="gray" disabled={!canMoveUp} onClick={() => onMove(-1)} aria-label="Move step up" data-testid={`step-up-${id}`}>
            <IconArrowUp size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Move down">
          <ActionIcon variant="subtle" color="gray" disabled={!canMoveDown} onClick={() => onMove(1)} aria-label="Move step down" data-testid={`step-down-${id}`}>
            <IconArrowDown size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Remove step">
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove step" data-testid={`remove-step-${id}`}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {error && error.field !== 'title' && !expanded && (
        <Text c="red" size="sm" mt={4} ml={70}>
          {error.field}: {error.message}
        </Text>
      )}
      <Collapse in={expanded}>
        <Stack gap="sm" mt="sm" pl={{ base: 0, sm: 70 }}>
          <Grid gutter="sm">
            <Grid.Col span={{ base: 6, md: 3 }}>
              <NativeSelect
                label="Kind"
                value={step.kind}
                onChange={(e) => set('kind', e.currentTarget.value as StepKind)}
                data={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
                data-testid={`step-kind-${id}`}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput
                label="Owner role"
                placeholder="DBA"
                value={step.owner_role}
                onChange={(e) => set('owner_role', e.currentTarget.value)}
                error={fieldError('owner_role')}
                data-testid={`step-owner-${id}`}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 4, md: 2 }}>
              <TextInput
                label="Planned at"
                placeholder="HH:MM"
                value={step.planned_at ?? ''}
                onChange={(e) => set('planned_at', e.currentTarget.value === '' ? null : e.currentTarget.value)}
                error={fieldError('planned_at')}
                data-testid={`step-planned-at-${id}`}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 4, md: 2 }}>
              <NumberInput
                label="Offset (min)"
                placeholder="T+"
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={step.planned_offset_min ?? ''}
                onChange={(v) => set('planned_offset_min', minutes(v))}
                error={fieldError('planned_offset_min')}
                data-testid={`step-offset-${id}`}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 4, md: 2 }}>
              <NumberInput
                label="Duration (min)"
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={step.duration_min ?? ''}
                onChange={(v) => set('duration_min', minutes(v))}
                error={fieldError('duration_min')}
                data-testid={`step-duration-${id}`}
              />
            </Grid.Col>
          </Grid>
          <MarkdownField
            label="Instructions"
            value={step.instructions}
            onChange={(v) => set('instructions', v)}
            testId={`step-instructions-${id}`}
          />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Commands
            </Text>
            {step.commands.map((c, i) => (
              <Paper key={i} withBorder p="xs" radius="sm">
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Stack gap={4} style={{ flex: 1 }}>
                    <Group gap="xs" grow>
                      <TextInput
                        size="xs"
                        placeholder="Label (optional)"
                        value={c.label}
                        onChange={(e) => set('commands', replaceAt(step.commands, i, { ...c, label: e.currentTarget.value }))}
                        data-testid={`command-label-${id}-${i}`}
                      />
                      <TextInput
                        size="xs"
                        placeholder="Language: bash, sql…"
                        value={c.language}
                        onChange={(e) => set('commands', replaceAt(step.commands, i, { ...c, language: e.currentTarget.value }))}
                        data-testid={`command-language-${id}-${i}`}
                      />
                    </Group>
                    <Textarea
                      autosize
                      minRows={1}
                      placeholder="The command, copied verbatim"
                      value={c.command}
                      onChange={(e) => set('commands', replaceAt(step.commands, i, { ...c, command: e.currentTarget.value }))}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                      data-testid={`command-text-${id}-${i}`}
                    />
                  </Stack>
                  <Stack gap={2}>
                    <ActionIcon variant="subtle" color="gray" size="sm" disabled={i === 0} onClick={() => set('commands', move(step.commands, i, -1))} aria-label="Move command up">
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="gray" size="sm" disabled={i === step.commands.length - 1} onClick={() => set('commands', move(step.commands, i, 1))} aria-label="Move command down">
                      <IconArrowDown size={14} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" size="sm" onClick={() => set('commands', removeAt(step.commands, i))} aria-label="Remove command" data-testid={`remove-command-${id}-${i}`}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Stack>
                </Group>
              </Paper>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => set('commands', [...step.commands, emptyCommand()])}
                data-testid={`add-command-${id}`}
              >
                Add command
              </Button>
            </Group>
          </Stack>
        </Stack>
      </Collapse>
    </Paper>
  );
}

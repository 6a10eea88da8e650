import { ActionIcon, Alert, Button, Card, Group, Loader, SegmentedControl, Stack, TextInput, Title, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { MarkdownField } from '../components/MarkdownField';
import { StepEditor } from '../components/StepEditor';
import { showDone } from '../errors';
import { AppError } from '../ipc/invoke';
import { createRunbook, getRunbook, saveRunbook } from '../ipc/runbooks';
import type { Runbook, RunbookKind } from '../ipc/types';
import type { Route } from '../lib/route';
import { asKind, emptyPhase, emptyStep, locateField, move, newRunbook, removeAt, updatePhase, updateStep } from '../lib/runbookDraft';

/** Creates a runbook (`id` null) or edits one. */
export function RunbookEditorPage({ id, kind, go }: { id: number | null; kind: RunbookKind; go: (route: Route) => void }) {
  const [draft, setDraft] = useState<Runbook | null>(id === null ? newRunbook(kind) : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [reloadTick, setReloadTick] = useState(0);

  useEffect(() => {
    if (id === null) return;
    let live = true;
    getRunbook(id).then(
      (rb) => {
        if (!live) return;
        setDraft(rb);
        setError(null);
      },
      (e: unknown) => live && setLoadError(AppError.from(e).message),
    );
    return () => {
      live = false;
    };
  }, [id, reloadTick]);

  const located = useMemo(() => (error?.kind === 'invalid' ? locateField(error.message) : null), [error]);

  // Open the step a validation error points at, so that its field shows.
  useEffect(() => {
    if (located && located.phase !== null && located.step !== null && located.field !== 'title') {
      setExpanded((s) => new Set(s).add(`${located.phase}-${located.step}`));
    }
  }, [located]);

  if (loadError) return <Alert color="red" title="Could not load the runbook">{loadError}</Alert>;
  if (!draft) return <Loader />;

  const checklist = draft.kind === 'checklist';
  const cancel = () => go(id === null ? { page: 'runbooks' } : { page: 'runbook', id });
  const toggle = (key: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = id === null ? await createRunbook(draft) : await saveRunbook(draft);
      showDone(`Saved “${saved.title}”`);
      go({ page: 'runbook', id: saved.id });
    } catch (e) {
      setError(AppError.from(e));
    } finally {
      setSaving(false);
    }
  };

  const messageOnly = located ? error?.message.replace(/^[^:]*:\s*/, '') ?? '' : '';
  let number = 0;

  return (
    <Stack maw={1100} pb="xl">
      <Group justify="space-between">
        <Title order={2}>
          {id === null ? (checklist ? 'New checklist' : 'New runbook') : `Edit ${checklist ? 'checklist' : 'runbook'}`}
        </Title>
        {id === null && (
          <SegmentedControl
            value={draft.kind}
            onChange={(v) => setDraft(asKind(draft, v === 'checklist' ? 'checklist' : 'runbook'))}
            data={[
              { value: 'runbook', label: 'Runbook' },
              { value: 'checklist', label: 'Checklist' },
            ]}
            data-testid="runbook-kind"
          />
        )}
      </Group>

      <TextInput
        label="Title"
        size="md"
        placeholder={checklist ? 'Pre-release checks' : 'Go-live of …'}
        value={draft.title}
        onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
        error={located && located.phase === null && located.field === 'title' ? messageOnly : undefined}
        data-testid="runbook-title"
        data-autofocus
      />
      <MarkdownField
        label="Description"
        value={draft.description}
        onChange={(description) => setDraft({ ...draft, description })}
        testId="runbook-description"
        minRows={3}
      />

      {draft.phases.map((phase, p) => (
        <Card key={p} withBorder padding="md" data-testid={`phase-editor-${p}`}>
          <Group gap="xs" mb="sm" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              size="md"
              fw={600}
              placeholder="Phase name"
              label={checklist ? 'List name' : `Phase ${p + 1}`}
              value={phase.title}
              onChange={(e) => setDraft(updatePhase(draft, p, (ph) => ({ ...ph, title: e.currentTarget.value })))}
              error={located && located.phase === p && located.step === null ? messageOnly : undefined}
              data-testid={`phase-title-${p}`}
            />
            {!checklist && (
              <Group gap={2} mt={24} wrap="nowrap">
                <Tooltip label="Move phase up">
                  <ActionIcon variant="subtle" color="gray" disabled={p === 0} onClick={() => setDraft({ ...draft, phases: move(draft.phases, p, -1) })} aria-label="Move phase up" data-testid={`phase-up-${p}`}>
                    <IconArrowUp size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Move phase down">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={p === draft.phases.length - 1}
                    onClick={() => setDraft({ ...draft, phases: move(draft.phases, p, 1) })}
                    aria-label="Move phase down"
                    data-testid={`phase-down-${p}`}
                  >
                    <IconArrowDown size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove phase">
                  <ActionIcon variant="subtle" color="red" onClick={() => setDraft({ ...draft, phases: removeAt(draft.phases, p) })} aria-label="Remove phase" data-testid={`remove-phase-${p}`}>
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Group>
          <Stack gap="xs">
            {phase.steps.map((step, s) => {
              number += 1;
              const key = `${p}-${s}`;
              const stepError = located && located.phase === p && located.step === s ? { field: located.field, message: messageOnly } : null;
              return (
                <StepEditor
                  key={key}
                  id={key}
                  number={number}
                  step={step}
                  expanded={expanded.has(key)}
                  onToggle={() => toggle(key)}
                  onChange={(next) => setDraft(updateStep(draft, p, s, () => next))}
                  onMove={(delta) => setDraft(updatePhase(draft, p, (ph) => ({ ...ph, steps: move(ph.steps, s, delta) })))}
                  onRemove={() => setDraft(updatePhase(draft, p, (ph) => ({ ...ph, steps: removeAt(ph.steps, s) })))}
                  canMoveUp={s > 0}
                  canMoveDown={s < phase.steps.length - 1}
                  error={stepError}
                />
              );
            })}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDraft(updatePhase(draft, p, (ph) => ({ ...ph, steps: [...ph.steps, emptyStep()] })))}
                data-testid={`add-step-${p}`}
              >
                {checklist ? 'Add item' : 'Add step'}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}

      {!checklist && (
        <Group>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setDraft({ ...draft, phases: [...draft.phases, emptyPhase()] })} data-testid="add-phase">
            Add phase
          </Button>
        </Group>
      )}

      {error && (
        <Alert color="red" title={error.kind === 'conflict' ? 'Someone else saved this runbook meanwhile' : 'Not saved'} data-testid="form-error">
          {error.message}
          {error.kind === 'conflict' && id !== null && (
            <Button mt="sm" size="xs" variant="white" color="red" onClick={() => setReloadTick((t) => t + 1)}>
              Load the latest version (drops your changes)
            </Button>
          )}
        </Alert>
      )}

      <Group justify="flex-end" pos="sticky" bottom={0} py="sm" style={{ background: 'var(--mantine-color-body)', zIndex: 2 }}>
        <Button variant="default" onClick={cancel} data-testid="runbook-cancel">
          Cancel
        </Button>
        <Button onClick={() => void save()} loading={saving} data-testid="runbook-save" size="md">
          {id === null ? 'Create' : 'Save'}
        </Button>
      </Group>
    </Stack>
  );
}

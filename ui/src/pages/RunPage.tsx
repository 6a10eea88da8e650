import { Alert, Box, Card, Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AuditTimeline } from '../components/AuditTimeline';
import { GatePanel } from '../components/GatePanel';
import { NoteDialog } from '../components/NoteDialog';
import { PhaseSection } from '../components/PhaseSection';
import { ReasonDialog } from '../components/ReasonDialog';
import { RunHeader } from '../components/RunHeader';
import { ShortcutHelp } from '../components/ShortcutHelp';
import { StepDetail } from '../components/StepDetail';
import { StepRow } from '../components/StepRow';
import { showDone, showError } from '../errors';
import { useNow } from '../hooks/useNow';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { listEnvironments } from '../ipc/environments';
import { AppError } from '../ipc/invoke';
import { addStepNote, finishRun, getRun, transitionStep } from '../ipc/runs';
import type { Environment, Profile, Run, RunStep, StepAction } from '../ipc/types';
import type { Route } from '../lib/route';
import { isRunOpen, nextOpenAfter, nextOpenStepId, neighbourStepId, phaseProgress, walkOrder, withStep } from '../lib/runProgress';
import { commandForKey } from '../lib/shortcuts';
import { ACTION_LABEL, canApply, needsReason, type StepActionName } from '../lib/stepRules';

type ReasonAsk = { kind: 'step'; action: StepActionName; stepId: number } | { kind: 'run'; action: 'abort' | 'roll_back' };

const REASON_TEXT: Record<string, { title: string; confirm: string; colour: string; description: string }> = {
  skip: { title: 'Skip step', confirm: 'Skip', colour: 'grape', description: 'Why is this step not done?' },
  fail: { title: 'Mark step failed', confirm: 'Mark failed', colour: 'red', description: 'What went wrong?' },
  block: { title: 'Mark step blocked', confirm: 'Mark blocked', colour: 'orange', description: 'What is it waiting on?' },
  reopen: { title: 'Reopen step', confirm: 'Reopen', colour: 'yellow', description: 'Why must it be done again?' },
  abort: { title: 'Abort the run', confirm: 'Abort run', colour: 'red', description: 'Why is the run stopped?' },
  roll_back: { title: 'Roll the release back', confirm: 'Record roll-back', colour: 'grape', description: 'Why was the release rolled back?' },
};

function stepAction(action: StepActionName, reason: string): StepAction {
  switch (action) {
    case 'start':
      return { action: 'start' };
    case 'complete':
      return { action: 'complete' };
    default:
      return { action, reason };
  }
}

/** Walking a run: the heart of the app. */
export function RunPage({ id, go, profile = null }: { id: number; go: (route: Route) => void; profile?: Profile | null }) {
  const [run, setRun] = useState<Run | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [reasonAsk, setReasonAsk] = useState<ReasonAsk | null>(null);
  const [noteFor, setNoteFor] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  // The sticky header's height, so the side panel and scrolled-to rows sit below it rather than under it.
  const { ref: headerRef, height: headerHeight } = useElementSize();
  const [busy, setBusy] = useState(false);
  const [auditKey, setAuditKey] = useState(0);
  const rowRefs = useRef(new Map<number, HTMLDivElement>());
  // One stable ref callback per row: a new function on every render would defeat StepRow's memo and re-render
  // every row on each tick.
  const rowRefCallbacks = useRef(new Map<number, (el: HTMLDivElement | null) => void>());
  const rowRef = useCallback((stepId: number) => {
    let callback = rowRefCallbacks.current.get(stepId);
    if (!callback) {
      callback = (el: HTMLDivElement | null) => {
        if (el) rowRefs.current.set(stepId, el);
        else rowRefs.current.delete(stepId);
      };
      rowRefCallbacks.current.set(stepId, callback);
    }
    return callback;
  }, []);
  const open = run ? isRunOpen(run.state) : false;
  const now = useNow(1000, open);

  const load = useCallback(async () => {
    try {
      const r = await getRun(id);
      setRun(r);
      setLoadError(null);
      setSelected((current) => (current !== null && walkOrder(r).some((w) => w.stepId === current) ? current : nextOpenStepId(r) ?? walkOrder(r)[0]?.stepId ?? null));
    } catch (e) {
      setLoadError(AppError.from(e).message);
      showError(e, 'Run');
    }
  }, [id]);

  useEffect(() => {
    void load();
    listEnvironments().then(setEnvironments, (e: unknown) => showError(e, 'Environments'));
  }, [load]);

  // Changes this window makes are applied from the command's answer; reloading the whole run on their own
  // event would put a second round trip in front of the next render.
  const ownChanges = useRef(0);
  useWorkspaceChanged((change) => {
    if (change.entity === 'run' && (change.id === null || change.id === id) && ownChanges.current === 0) void load();
    if (change.entity === 'environment') listEnvironments().then(setEnvironments, (e: unknown) => showError(e, 'Environments'));
  });

  const order = useMemo(() => (run ? walkOrder(run) : []), [run]);
  const states = useMemo(() => new Map((run?.steps ?? []).map((s) => [s.step_id, s])), [run]);
  const selectedWalk = order.find((w) => w.stepId === selected) ?? null;
  const selectedState: RunStep | null = selected !== null ? (states.get(selected) ?? null) : null;

  // Keep the selected row in view when moving with the keyboard.
  useEffect(() => {
    if (selected === null) return;
    const el = rowRefs.current.get(selected);
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const applied = useCallback(
    (stepId: number, step: RunStep, runState: Run['state'], advance: boolean) => {
      if (!run) return;
      const next = { ...withStep(run, step), state: runState };
      if (!next.started_at && runState !== 'planned') next.started_at = step.started_at ?? new Date().toISOString();
      setRun(next);
      if (advance) setSelected(nextOpenAfter(next, stepId) ?? stepId);
    },
    [run],
  );

  /** Runs a transition; with `fromDialog` the error is thrown back to the dialog, else it is shown as a notification. */
  const transition = useCallback(
    async (stepId: number, action: StepActionName, reason: string, fromDialog: boolean) => {
      if (!run) return;
      setBusy(true);
      ownChanges.current += 1;
      try {
        const change = await transitionStep(run.id, stepId, stepAction(action, reason));
        applied(stepId, change.step, change.run_state, action === 'complete' || action === 'skip');
      } catch (e) {
        if (fromDialog) throw e;
        showError(e, ACTION_LABEL[action]);
      } finally {
        ownChanges.current -= 1;
        setBusy(false);
      }
    },
    [run, applied],
  );

  const requestAction = useCallback(
    (action: StepActionName) => {
      if (!run || selected === null || busy) return;
      const state = states.get(selected)?.state ?? 'pending';
      if (!canApply(action, state, run.state)) return;
      if (needsReason(action)) setReasonAsk({ kind: 'step', action, stepId: selected });
      else void transition(selected, action, '', false);
    },
    [run, selected, busy, states, transition],
  );

  const dialogOpen = reasonAsk !== null || noteFor !== null;

  // Keyboard shortcuts.
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  keyHandler.current = (e: KeyboardEvent) => {
    if (!run) return;
    const command = commandForKey(e);
    if (command === null) return;
    if (dialogOpen || (help && command !== 'help')) return;
    e.preventDefault();
    const repeatable = command === 'next' || command === 'prev';
    if (e.repeat && !repeatable) return;
    switch (command) {
      case 'next':
        setSelected((s) => neighbourStepId(run, s, 1));
        break;
      case 'prev':
        setSelected((s) => neighbourStepId(run, s, -1));
        break;
      case 'goto-open': {
        const next = nextOpenStepId(run);
        if (next !== null) setSelected(next);
        break;
      }
      case 'start':
        requestAction('start');
        break;
      case 'tick':
        requestAction('complete');
        break;
      case 'skip':
        requestAction('skip');
        break;
      case 'fail':
        requestAction('fail');
        break;
      case 'block':
        requestAction('block');
        break;
      case 'note':
        if (selected !== null && open) setNoteFor(selected);
        break;
      case 'help':
        setHelp((h) => !h);
        break;
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const completeRun = async () => {
    if (!run) return;
    setBusy(true);
    try {
      const state = await finishRun(run.id, { action: 'complete' });
      setRun((r) => (r ? { ...r, state, ended_at: new Date().toISOString() } : r));
      setAuditKey((k) => k + 1);
      showDone('Run completed');
      void load();
    } catch (e) {
      showError(e, 'Complete run');
    } finally {
      setBusy(false);
    }
  };

  if (loadError && !run) return <Alert color="red" title="Could not load the run">{loadError}</Alert>;
  if (!run) return <Loader />;

  const progress = phaseProgress(run);
  const environment = environments.find((e) => e.id === run.environment_id) ?? null;
  const reasonText = reasonAsk ? REASON_TEXT[reasonAsk.action] : undefined;
  const noteStep = noteFor !== null ? order.find((w) => w.stepId === noteFor) : undefined;

  return (
    <Stack
      gap="md"
      data-testid="run-view"
      data-run-state={run.state}
      style={{ ['--run-header-height' as string]: `${Math.ceil(headerHeight)}px` }}
    >
      <div ref={headerRef} className="run-header-sticky">
        <RunHeader
          run={run}
          environment={environment}
          now={now}
          onOpenRunbook={() => go({ page: 'runbook', id: run.runbook_id })}
          onComplete={() => void completeRun()}
          onAbort={() => setReasonAsk({ kind: 'run', action: 'abort' })}
          onRollBack={() => setReasonAsk({ kind: 'run', action: 'roll_back' })}
          onHelp={() => setHelp(true)}
        />
      </div>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            {run.snapshot.phases.map((phase, p) => {
              const steps = order.filter((w) => w.phaseIndex === p);
              return (
                <PhaseSection
                  key={phase.id ?? p}
                  phase={phase}
                  index={p}
                  progress={progress[p] ?? { settled: 0, total: 0 }}
                  states={steps.flatMap((w) => states.get(w.stepId) ?? [])}
                >
                  {steps.map((w) => (
                    <StepRow
                      key={w.stepId}
                      ref={rowRef(w.stepId)}
                      step={w.step}
                      number={w.index + 1}
                      state={states.get(w.stepId) ?? pendingStep(w.stepId)}
                      selected={w.stepId === selected}
                      now={now}
                      onSelect={setSelected}
                    />
                  ))}
                  {steps.length === 0 && (
                    <Text c="dimmed" p="md" size="sm">
                      No steps.
                    </Text>
                  )}
                </PhaseSection>
              );
            })}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Box className="run-side" pr={4}>
            <Stack gap="md">
              {selectedWalk && selectedState ? (
                <StepDetail
                  step={selectedWalk.step}
                  state={selectedState}
                  number={selectedWalk.index + 1}
                  runState={run.state}
                  busy={busy}
                  onAction={requestAction}
                  onNote={() => setNoteFor(selectedWalk.stepId)}
                />
              ) : (
                <Card withBorder>
                  <Text c="dimmed">Select a step.</Text>
                </Card>
              )}
              {selectedWalk && selectedWalk.step.kind === 'gate' && selectedWalk.step.gate && (
                <GatePanel
                  key={selectedWalk.stepId}
                  runId={run.id}
                  stepId={selectedWalk.stepId}
                  spec={selectedWalk.step.gate}
                  profile={profile}
                  runOpen={isRunOpen(run.state)}
                  now={now}
                  onChanged={() => {
                    setAuditKey((k) => k + 1);
                    void load();
                  }}
                />
              )}
              <Card withBorder padding="md">
                <Title order={4} mb="sm">
                  Audit trail
                </Title>
                <AuditTimeline runId={run.id} refreshKey={auditKey} pageSize={30} />
              </Card>
            </Stack>
          </Box>
        </Grid.Col>
      </Grid>

      <ReasonDialog
        opened={reasonAsk !== null}
        title={
          reasonAsk?.kind === 'step'
            ? `${reasonText?.title ?? ''}: “${order.find((w) => w.stepId === reasonAsk.stepId)?.step.title ?? ''}”`
            : (reasonText?.title ?? '')
        }
        description={reasonText?.description}
        confirmLabel={reasonText?.confirm ?? 'Confirm'}
        confirmColour={reasonText?.colour}
        onCancel={() => setReasonAsk(null)}
        onConfirm={async (reason) => {
          if (!reasonAsk) return;
          if (reasonAsk.kind === 'step') {
            await transition(reasonAsk.stepId, reasonAsk.action, reason, true);
          } else {
            const state = await finishRun(run.id, { action: reasonAsk.action, reason });
            setRun((r) => (r ? { ...r, state, end_reason: reason, ended_at: new Date().toISOString() } : r));
            setAuditKey((k) => k + 1);
            void load();
          }
          setReasonAsk(null);
        }}
      />
      <NoteDialog
        opened={noteFor !== null}
        stepTitle={noteStep?.step.title ?? ''}
        onCancel={() => setNoteFor(null)}
        onSave={async (text) => {
          if (noteFor === null) return;
          const stepId = noteFor;
          const note = await addStepNote(run.id, stepId, text);
          setRun((r) => {
            if (!r) return r;
            const current = r.steps.find((s) => s.step_id === stepId) ?? pendingStep(stepId);
            return withStep(r, { ...current, notes: [...current.notes, note] });
          });
          setAuditKey((k) => k + 1);
          setNoteFor(null);
        }}
      />
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} />
    </Stack>
  );
}

function pendingStep(stepId: number): RunStep {
  return { step_id: stepId, state: 'pending', actor: null, started_at: null, ended_at: null, reason: null, notes: [] };
}

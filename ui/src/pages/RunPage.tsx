import { Alert, Box, Card, Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallbackRef, useElementSize } from '@mantine/hooks';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { AuditTimeline } from '../components/AuditTimeline';
import { GatePanel } from '../components/GatePanel';
import { NotificationFailures } from '../components/NotificationFailures';
import { NoteDialog } from '../components/NoteDialog';
import { pendingStep, RunStepList } from '../components/RunStepList';
import { ReasonDialog } from '../components/ReasonDialog';
import { HandOverDialog } from '../components/HandOverDialog';
import { ScheduleDialog } from '../components/ScheduleDialog';
import { RollbackDialog } from '../components/RollbackDialog';
import { RolloutPanel } from '../components/RolloutPanel';
import { RunHeader } from '../components/RunHeader';
import { ShortcutHelp } from '../components/ShortcutHelp';
import { StepChecksPanel } from '../components/StepChecksPanel';
import { StepDetail } from '../components/StepDetail';
import { showDone, showError } from '../errors';
import { useNow } from '../hooks/useNow';
import { useForecast } from '../hooks/useForecast';
import { useRolloutStatus } from '../hooks/useRolloutStatus';
import { useRunPeople } from '../hooks/useRunPeople';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { listEnvironments } from '../ipc/environments';
import { AppError } from '../ipc/invoke';
import { ownChange } from '../ipc/ownChanges';
import { claimStep, handOver, releaseClaim } from '../ipc/claims';
import { startRollback } from '../ipc/rollouts';
import { addStepNote, finishRun, getRun, scheduleRun, transitionStep } from '../ipc/runs';
import type { Claim, Environment, Profile, Run, RunStep, StepAction } from '../ipc/types';
import type { Route } from '../lib/route';
import { isRunOpen, nextOpenAfter, nextOpenStepId, neighbourStepId, phaseProgress, walkOrder, withStep, type WalkStep } from '../lib/runProgress';
import { commandForKey } from '../lib/shortcuts';
import { ACTION_LABEL, canApply, needsReason, type StepActionName } from '../lib/stepRules';

type ReasonAsk = { kind: 'step'; action: StepActionName; stepId: number } | { kind: 'run'; action: 'abort' };

const REASON_TEXT: Record<string, { title: string; confirm: string; colour: string; description: string }> = {
  skip: { title: 'Skip step', confirm: 'Skip', colour: 'grape', description: 'Why is this step not done?' },
  fail: { title: 'Mark step failed', confirm: 'Mark failed', colour: 'red', description: 'What went wrong?' },
  block: { title: 'Mark step blocked', confirm: 'Mark blocked', colour: 'orange', description: 'What is it waiting on?' },
  reopen: { title: 'Reopen step', confirm: 'Reopen', colour: 'yellow', description: 'Why must it be done again?' },
  abort: { title: 'Abort the run', confirm: 'Abort run', colour: 'red', description: 'Why is the run stopped?' },
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
  const [rollbackOpen, setRollbackOpen] = useState(false);
  const [handingOver, setHandingOver] = useState(false);
  const rollout = useRolloutStatus(id);
  const people = useRunPeople(id);
  const schedule = useForecast(id);
  const [scheduling, setScheduling] = useState(false);
  const [help, setHelp] = useState(false);
  // The sticky header's height, so the side panel and scrolled-to rows sit below it rather than under it.
  const { ref: headerRef, height: headerHeight } = useElementSize();
  const [busy, setBusy] = useState(false);
  const [auditKey, setAuditKey] = useState(0);
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
  useWorkspaceChanged((change, own) => {
    if (change.entity === 'run' && (change.id === null || change.id === id) && !own) void load();
    if (change.entity === 'environment') listEnvironments().then(setEnvironments, (e: unknown) => showError(e, 'Environments'));
  });
  // Changes made elsewhere (the CLI, another window) on the same workspace: show them without a reload.
  useWorkspaceHead(() => void load());

  // The walking order and progress change only with the snapshot and the steps' states: a tick keeps the order.
  const snapshot = run?.snapshot;
  const order = useMemo(() => (snapshot ? walkOrder({ snapshot, steps: [] }) : []), [snapshot]);
  const progress = useMemo(() => (run ? phaseProgress(run) : []), [run]);
  const states = useMemo(() => new Map((run?.steps ?? []).map((s) => [s.step_id, s])), [run]);
  // A tick renders its row and the list's counters first, and the header and side panel in the render after it
  // (React's deferred values): the window shows the tick without waiting for the rest of the page.
  const shown = useDeferredValue(run);
  const shownSelected = useDeferredValue(selected) ?? selected;

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

  const inFlight = useRef(false);
  /** Runs a transition; with `fromDialog` the error is thrown back to the dialog, else it is shown as a notification. */
  const transition = useCallback(
    async (stepId: number, action: StepActionName, reason: string, fromDialog: boolean) => {
      if (!run || inFlight.current) return;
      // A tick from a button or key renders once, with its answer: a busy render before it cost 30-80 ms in a run
      // of 2,000 steps. The ref keeps a second press from sending a second change meanwhile; a dialog shows busy.
      inFlight.current = true;
      if (fromDialog) setBusy(true);
      try {
        const change = await ownChange(() => transitionStep(run.id, stepId, stepAction(action, reason)), (c) => c.seq);
        applied(stepId, change.step, change.run_state, action === 'complete' || action === 'skip');
      } catch (e) {
        // The step changed elsewhere: the message says who did what and when; show the state it is in now.
        if (AppError.from(e).kind === 'conflict') void load();
        if (fromDialog) throw e;
        showError(e, ACTION_LABEL[action]);
      } finally {
        inFlight.current = false;
        if (fromDialog) setBusy(false);
      }
    },
    [run, applied, load],
  );

  /** An action on a step, if its current state allows it; the step's own panel passes the step it shows. */
  const requestActionOn = useCallbackRef((stepId: number | null, action: StepActionName) => {
    if (!run || stepId === null || busy) return;
    const state = states.get(stepId)?.state ?? 'pending';
    if (!canApply(action, state, run.state)) return;
    if (needsReason(action)) setReasonAsk({ kind: 'step', action, stepId });
    else void transition(stepId, action, '', false);
  });
  const requestAction = (action: StepActionName) => requestActionOn(selected, action);

  const dialogOpen = reasonAsk !== null || noteFor !== null || rollbackOpen || handingOver || scheduling;

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

  // Stable handlers and values for the memoised header and side panel.
  const lastHandover = people.handovers[people.handovers.length - 1] ?? null;
  const createdBy = run?.created_by ?? '';
  const lead = useMemo(
    () => ({ name: lastHandover?.to_person ?? createdBy, note: lastHandover?.note ?? null }),
    [lastHandover, createdBy],
  );
  const header = {
    openRunbook: useCallbackRef(() => run && go({ page: 'runbook', id: run.runbook_id })),
    complete: useCallbackRef(() => void completeRun()),
    abort: useCallbackRef(() => setReasonAsk({ kind: 'run', action: 'abort' })),
    rollBack: useCallbackRef(() => setRollbackOpen(true)),
    handOver: useCallbackRef(() => setHandingOver(true)),
    schedule: useCallbackRef(() => setScheduling(true)),
    wall: useCallbackRef(() => run && go({ page: 'wall', id: run.id })),
    compare: useCallbackRef(() => run && go({ page: 'compare', id: run.id })),
    help: useCallbackRef(() => setHelp(true)),
  };
  const onNote = useCallbackRef((stepId: number) => setNoteFor(stepId));
  const onClaim = useCallbackRef((stepId: number, takeOver: boolean) => void claim(stepId, takeOver));
  const onUnclaim = useCallbackRef((stepId: number) => void unclaim(stepId));
  const onChanged = useCallbackRef(() => {
    setAuditKey((k) => k + 1);
    void load();
  });
  const side: SideHandlers = useMemo(
    () => ({ action: requestActionOn, note: onNote, claim: onClaim, unclaim: onUnclaim, changed: onChanged, rollBack: header.rollBack }),
    [requestActionOn, onNote, onClaim, onUnclaim, onChanged, header.rollBack],
  );

  const claim = async (stepId: number, takeOver: boolean) => {
    if (!run) return;
    try {
      await claimStep(run.id, stepId, takeOver);
    } catch (e) {
      showError(e, 'Claim');
    }
    people.reload();
    setAuditKey((k) => k + 1);
  };
  const unclaim = async (stepId: number) => {
    if (!run) return;
    try {
      await releaseClaim(run.id, stepId);
    } catch (e) {
      showError(e, 'Claim');
    }
    people.reload();
    setAuditKey((k) => k + 1);
  };

  async function completeRun() {
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
  }

  if (loadError && !run) return <Alert color="red" title="Could not load the run">{loadError}</Alert>;
  if (!run) return <Loader />;
  // The run as the header and side panel show it: one render behind the list during a tick.
  const view = shown ?? run;
  const shownWalk = order.find((w) => w.stepId === shownSelected) ?? null;

  const environment = environments.find((e) => e.id === run.environment_id) ?? null;
  const reasonText = reasonAsk ? REASON_TEXT[reasonAsk.action] : undefined;
  // An ended run's clocks stop where it ended: a step left in progress by a rollback does not keep counting.
  const stepClock = run.ended_at ? Math.min(now, Date.parse(run.ended_at)) : now;
  const rollback = rollout.status?.rollback ?? null;
  const activeRollback = rollback && !rollback.ended_at && !rollback.escalated ? rollback : null;
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
          run={view}
          environment={environment}
          now={now}
          onOpenRunbook={header.openRunbook}
          onComplete={header.complete}
          onAbort={header.abort}
          onRollBack={header.rollBack}
          lead={lead}
          onHandOver={header.handOver}
          forecast={schedule.forecast}
          onSchedule={header.schedule}
          onWall={header.wall}
          onCompare={header.compare}
          onHelp={header.help}
        />
      </div>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <RunStepList
            run={run}
            order={order}
            states={states}
            progress={progress}
            selected={selected}
            onSelect={setSelected}
            now={run.steps.some((s) => s.started_at && !s.ended_at) ? stepClock : 0}
            claims={people.claims}
            stickyTop={56 + Math.ceil(headerHeight) + 24}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RunSide
            run={view}
            walk={shownWalk}
            state={shownSelected !== null ? (view.steps.find((x) => x.step_id === shownSelected) ?? null) : null}
            busy={busy}
            claims={people.claims}
            profile={profile}
            // Only a gate's panel shows the time: for any other step the clock does not re-render the side panel.
            now={shownWalk?.step.kind === 'gate' ? now : 0}
            rollout={rollout}
            auditKey={auditKey}
            on={side}
          />
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
      <ScheduleDialog
        opened={scheduling}
        current={schedule.forecast?.schedule ?? null}
        onCancel={() => setScheduling(false)}
        onSave={async (next) => {
          await scheduleRun(run.id, next);
          setScheduling(false);
          schedule.reload();
          setAuditKey((k) => k + 1);
        }}
      />
      <HandOverDialog
        opened={handingOver}
        lead={lead.name}
        onCancel={() => setHandingOver(false)}
        onConfirm={async (to, note) => {
          await handOver(run.id, to, note);
          setHandingOver(false);
          people.reload();
          setAuditKey((k) => k + 1);
        }}
      />
      <RollbackDialog
        opened={rollbackOpen}
        release={run.release}
        minLevel={activeRollback ? activeRollback.level + 1 : 1}
        pastPointOfNoReturn={rollout.status?.past_point_of_no_return ?? false}
        onCancel={() => setRollbackOpen(false)}
        onConfirm={async (level, reason, confirm) => {
          await startRollback(run.id, level, reason, confirm);
          setRollbackOpen(false);
          rollout.reload();
          setAuditKey((k) => k + 1);
          void load();
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



type SideHandlers = {
  action: (stepId: number | null, action: StepActionName) => void;
  note: (stepId: number) => void;
  claim: (stepId: number, takeOver: boolean) => void;
  unclaim: (stepId: number) => void;
  /** Something in a panel changed the run: reload it and the audit trail. */
  changed: () => void;
  rollBack: () => void;
};

/**
 * The side of the run view: the step shown (with its checks or its gate), notification failures, the rollout and
 * the audit trail. Memoised, and given the run view's deferred run and selection: a tick re-renders it after the
 * ticked row is on screen, not before.
 */
const RunSide = memo(function RunSide({
  run,
  walk,
  state,
  busy,
  claims,
  profile,
  now,
  rollout,
  auditKey,
  on,
}: {
  run: Run;
  walk: WalkStep | null;
  state: RunStep | null;
  busy: boolean;
  claims: Claim[];
  profile: Profile | null;
  now: number;
  rollout: ReturnType<typeof useRolloutStatus>;
  auditKey: number;
  on: SideHandlers;
}) {
  const stepId = walk?.stepId ?? null;
  return (
    <Box className="run-side" pr={4}>
      <Stack gap="md">
        {walk && state ? (
          <StepDetail
            step={walk.step}
            state={state}
            number={walk.number}
            runState={run.state}
            busy={busy}
            onAction={(action) => on.action(stepId, action)}
            onNote={() => on.note(walk.stepId)}
            claim={claims.find((c) => c.step_id === walk.stepId) ?? null}
            me={profile?.name ?? null}
            onClaim={(takeOver) => on.claim(walk.stepId, takeOver)}
            onUnclaim={() => on.unclaim(walk.stepId)}
          />
        ) : (
          <Card withBorder>
            <Text c="dimmed">Select a step.</Text>
          </Card>
        )}
        {walk && walk.step.kind === 'check' && walk.step.check && (
          <StepChecksPanel
            key={walk.stepId}
            run={run}
            step={walk.step}
            open={isRunOpen(run.state)}
            onTick={() => on.action(stepId, 'complete')}
            onFail={() => on.action(stepId, 'fail')}
          />
        )}
        {walk && walk.step.kind === 'gate' && walk.step.gate && (
          <GatePanel
            key={walk.stepId}
            runId={run.id}
            stepId={walk.stepId}
            spec={walk.step.gate}
            profile={profile}
            runOpen={isRunOpen(run.state)}
            now={now}
            onChanged={on.changed}
          />
        )}
        <NotificationFailures runId={run.id} />
        <RolloutPanel run={run} step={walk?.step ?? null} rollout={rollout} onChanged={on.changed} onRollBack={on.rollBack} />
        <Card withBorder padding="md">
          <Title order={4} mb="sm">
            Audit trail
          </Title>
          <AuditTimeline runId={run.id} refreshKey={auditKey} pageSize={30} />
        </Card>
      </Stack>
    </Box>
  );
});

import { Text } from '@mantine/core';
import { useCallbackRef } from '@mantine/hooks';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Claim, Run, RunStep } from '../ipc/types';
import type { Progress, WalkStep } from '../lib/runProgress';
import { PhaseHeader, phaseComplete, type PhaseCounts } from './PhaseSection';
import { StepRow } from './StepRow';

/** One line of the list: a phase's head, one of its steps, or the note that it has none. */
type Item =
  | { kind: 'phase'; phase: number; last: boolean }
  | { kind: 'step'; phase: number; walk: WalkStep; last: boolean }
  | { kind: 'empty'; phase: number };

/** Up to this many lines (phase heads and steps), the list is drawn whole: a run of a usual size behaves like any
 * page (find in page, every row in the DOM). Beyond it, only the rows in view and a few either side are drawn. */
const DRAW_WHOLE = 160;
/** Rows drawn beyond the window on each side of a long run. */
const OVERSCAN = 8;

const untouched = new Map<number, RunStep>();

/** A step no one has touched yet: the same object every time, so a memoised row of a pending step is not drawn
 * again on every render of the list (a fresh object each time re-rendered every row in view on each tick). */
export function pendingStep(stepId: number): RunStep {
  let step = untouched.get(stepId);
  if (!step) {
    step = { step_id: stepId, state: 'pending', actor: null, reason: null, started_at: null, ended_at: null, notes: [] };
    untouched.set(stepId, step);
  }
  return step;
}

/** Whether a step's timer runs: only those rows get the ticking clock, so a second's tick re-renders them alone. */
function ticking(state: RunStep | undefined): boolean {
  return !!state?.started_at && !state.ended_at;
}

/**
 * The phases and steps of a run, as cards of rows. Only the rows in and near the window are in the page (a
 * virtualised list over the window's scroll), so a run of 2,000 steps opens, scrolls and ticks like one of 20.
 * A finished phase folds away (one click shows it again), unless the selected step is in it.
 */
export const RunStepList = memo(function RunStepList({
  run,
  order,
  states,
  progress,
  selected,
  onSelect,
  now,
  claims,
  stickyTop,
}: {
  run: Run;
  order: WalkStep[];
  states: Map<number, RunStep>;
  progress: Progress[];
  selected: number | null;
  onSelect: (stepId: number) => void;
  /** The current time, for the timers of steps in progress. */
  now: number;
  claims: Claim[];
  /** Pixels of sticky header above the list: a row scrolled to stops below them. */
  stickyTop: number;
}) {
  const [unfolded, setUnfolded] = useState<Map<number, boolean>>(new Map());
  const selectedPhase = order.find((w) => w.stepId === selected)?.phaseIndex ?? null;
  const byPhase = useMemo(() => {
    const groups: WalkStep[][] = run.snapshot.phases.map(() => []);
    for (const w of order) groups[w.phaseIndex]?.push(w);
    return groups;
  }, [run.snapshot.phases, order]);
  // Which phases are complete, as one string: the lines change only when a phase completes or reopens, not on
  // every tick.
  const complete = useMemo(() => progress.map((p) => (phaseComplete(p) ? '1' : '0')).join(''), [progress]);
  const isOpen = useCallback(
    (p: number) => selectedPhase === p || (unfolded.get(p) ?? complete[p] !== '1'),
    [selectedPhase, unfolded, complete],
  );
  const toggle = useCallbackRef((p: number) => setUnfolded((m) => new Map(m).set(p, !isOpen(p))));
  // Each phase's failed, blocked and active steps, for its head.
  const counts = useMemo(
    () =>
      byPhase.map((steps): PhaseCounts => {
        const out: PhaseCounts = { failed: 0, blocked: 0, active: false };
        for (const w of steps) {
          const state = states.get(w.stepId)?.state;
          if (state === 'failed') out.failed += 1;
          else if (state === 'blocked') out.blocked += 1;
          else if (state === 'in_progress') out.active = true;
        }
        return out;
      }),
    [byPhase, states],
  );

  const items = useMemo(() => {
    const out: Item[] = [];
    byPhase.forEach((steps, p) => {
      const open = isOpen(p);
      out.push({ kind: 'phase', phase: p, last: !open });
      if (!open) return;
      if (steps.length === 0) out.push({ kind: 'empty', phase: p });
      steps.forEach((walk, i) => out.push({ kind: 'step', phase: p, walk, last: i === steps.length - 1 }));
    });
    return out;
  }, [byPhase, isOpen]);

  // Where the list starts in the page, for the window's scroll offsets: below the run header, whose height
  // (in stickyTop) is all that moves it.
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    setScrollMargin((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
  }, [stickyTop]);

  const estimateSize = useCallback((i: number) => (items[i]?.kind === 'phase' ? 96 : 84), [items]);
  const getItemKey = useCallback(
    (i: number) => {
      const item = items[i];
      if (!item) return i;
      return item.kind === 'step' ? `s${item.walk.stepId}` : `${item.kind}${item.phase}`;
    },
    [items],
  );
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize,
    getItemKey,
    overscan: items.length <= DRAW_WHOLE ? DRAW_WHOLE : OVERSCAN,
    // React 18 batches the scroll's re-render into the next frame instead of forcing it synchronously.
    useFlushSync: false,
    scrollMargin,
    scrollPaddingStart: stickyTop,
    scrollPaddingEnd: 16,
  });

  // Keep the selected row in view when moving with the keyboard.
  useEffect(() => {
    if (selected === null) return;
    const index = items.findIndex((item) => item.kind === 'step' && item.walk.stepId === selected);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only a new selection scrolls: a tick elsewhere must not pull the window back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  return (
    <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: 'relative' }} data-testid="run-steps">
      {virtualizer.getVirtualItems().map((v) => {
        const item = items[v.index];
        if (!item) return null;
        const phase = run.snapshot.phases[item.phase];
        if (!phase) return null;
        const first = item.kind === 'phase';
        const last = item.kind === 'empty' || item.last;
        return (
          <div
            key={v.key}
            data-index={v.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start - scrollMargin}px)`, paddingBottom: last ? 16 : 0 }}
          >
            <div className="phase-part" data-first={first || undefined} data-last={last || undefined} data-open-head={(first && !last) || undefined}>
              {item.kind === 'phase' && (
                <PhaseHeader
                  phase={phase}
                  index={item.phase}
                  settled={progress[item.phase]?.settled ?? 0}
                  total={progress[item.phase]?.total ?? 0}
                  failed={counts[item.phase]?.failed ?? 0}
                  blocked={counts[item.phase]?.blocked ?? 0}
                  active={counts[item.phase]?.active ?? false}
                  open={isOpen(item.phase)}
                  holdsSelected={selectedPhase === item.phase}
                  onToggle={toggle}
                />
              )}
              {item.kind === 'empty' && (
                <Text c="dimmed" p="md" size="sm">
                  No steps.
                </Text>
              )}
              {item.kind === 'step' && (
                <StepRow
                  step={item.walk.step}
                  number={item.walk.number}
                  state={states.get(item.walk.stepId) ?? pendingStep(item.walk.stepId)}
                  selected={item.walk.stepId === selected}
                  now={ticking(states.get(item.walk.stepId)) ? now : 0}
                  onSelect={onSelect}
                  claimedBy={claims.find((c) => c.step_id === item.walk.stepId)?.claimed_by ?? null}
                />
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
});

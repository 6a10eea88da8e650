// An imported Markdown plan, walked the way the preview shows it.
import type { ImportedPhase, ImportedPlan } from '../ipc/types';

/** Every phase, depth first in document order, with its depth (0 for top-level) and path (`0`, `0.1`, …). */
export function flattenPhases(phases: readonly ImportedPhase[], depth = 0, prefix = ''): { phase: ImportedPhase; depth: number; path: string }[] {
  return phases.flatMap((phase, i) => {
    const path = prefix === '' ? String(i) : `${prefix}.${i}`;
    return [{ phase, depth, path }, ...flattenPhases(phase.phases, depth + 1, path)];
  });
}

/** Phases, steps and commands over the whole plan. */
export function planCounts(plan: ImportedPlan): { phases: number; steps: number; commands: number } {
  const all = flattenPhases(plan.phases);
  return {
    phases: all.length,
    steps: all.reduce((n, { phase }) => n + phase.steps.length, 0),
    commands: all.reduce((n, { phase }) => n + phase.commands.length + phase.steps.reduce((m, s) => m + s.commands.length, 0), 0),
  };
}

/** Whether the bytes needed decoding or repairing, so the preview says how. */
export function encodingWorthShowing(plan: ImportedPlan): boolean {
  const e = plan.encoding;
  return e.transcoded || e.repaired_total > 0 || e.unrepaired_total > 0;
}

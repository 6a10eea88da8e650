// An imported Markdown plan, walked the way the preview shows it.
import type { ImportChoices, ImportedPhase, ImportedPlan, SectionUse } from '../ipc/types';

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

/** What each use makes of a section, as the preview's menu says it. */
export const SECTION_USE_LABEL: Record<SectionUse, string> = {
  run: 'Steps of the run',
  preparation: 'Preparation runbook',
  follow_up: 'Follow-up runbook',
  notes: 'Notes (reference)',
  rollback: 'Rollback plan',
  skip: 'Leave out',
};

export const SECTION_USES: SectionUse[] = ['run', 'preparation', 'follow_up', 'notes', 'rollback', 'skip'];

/** Choices by heading line. A section's use is its own choice, else its nearest chosen parent's, else the proposal. */
export type Choices = ReadonlyMap<number, SectionUse>;

/** Every section with the use it gets under `choices`, depth first. */
export function effectiveUses(plan: ImportedPlan, choices: Choices): { phase: ImportedPhase; depth: number; path: string; use: SectionUse }[] {
  const out: { phase: ImportedPhase; depth: number; path: string; use: SectionUse }[] = [];
  const walk = (phases: readonly ImportedPhase[], depth: number, prefix: string, inherited: SectionUse | null) => {
    phases.forEach((phase, i) => {
      const path = prefix === '' ? String(i) : `${prefix}.${i}`;
      const use = choices.get(phase.line) ?? inherited ?? phase.use_as;
      out.push({ phase, depth, path, use });
      walk(phase.phases, depth + 1, path, choices.get(phase.line) ?? inherited);
    });
  };
  walk(plan.phases, 0, '', null);
  return out;
}

/** A new choice for one section: nested sections' own choices give way to it. */
export function choose(plan: ImportedPlan, choices: Choices, line: number, use: SectionUse): Map<number, SectionUse> {
  const next = new Map(choices);
  const section = flattenPhases(plan.phases).find(({ phase }) => phase.line === line)?.phase;
  if (section) for (const { phase } of flattenPhases(section.phases)) next.delete(phase.line);
  next.set(line, use);
  return next;
}

/** The choices as the save command takes them, parents before their sections. */
export function toImportChoices(title: string, plan: ImportedPlan, choices: Choices): ImportChoices {
  return {
    title: title.trim() !== '' && title.trim() !== plan.title ? title.trim() : null,
    sections: [...choices.entries()].sort(([a], [b]) => a - b).map(([line, use_as]) => ({ line, use_as })),
  };
}

/** Steps (items and loose code blocks) per use, and how many sections go to notes. */
export function useTotals(plan: ImportedPlan, choices: Choices): Record<SectionUse, { sections: number; steps: number }> {
  const totals = Object.fromEntries(SECTION_USES.map((u) => [u, { sections: 0, steps: 0 }])) as Record<SectionUse, { sections: number; steps: number }>;
  for (const { phase, use } of effectiveUses(plan, choices)) {
    totals[use].sections += 1;
    totals[use].steps += phase.steps.length + phase.commands.length;
  }
  return totals;
}

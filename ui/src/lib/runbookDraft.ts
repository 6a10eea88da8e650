// Editing a runbook before it is saved: pure operations on the draft.
import type { Phase, Runbook, RunbookKind, Step, StepCommand } from '../ipc/types';

export function emptyStep(): Step {
  return {
    id: null,
    title: '',
    kind: 'task',
    owner_role: '',
    planned_offset_min: null,
    planned_at: null,
    duration_min: null,
    instructions: '',
    commands: [],
  };
}

export function emptyPhase(title = ''): Phase {
  return { id: null, title, notes: '', steps: [emptyStep()] };
}

export function emptyCommand(): StepCommand {
  return { label: '', command: '', language: 'bash' };
}

/** A new runbook: one phase "Preparation" (a checklist: "Checklist") with one empty step. */
export function newRunbook(kind: RunbookKind, now: string = new Date().toISOString()): Runbook {
  return {
    id: 0,
    kind,
    title: '',
    description: '',
    phases: [emptyPhase(kind === 'checklist' ? 'Checklist' : 'Preparation')],
    revision: 0,
    created_at: now,
    updated_at: now,
  };
}

/** The list with the item at `from` moved by `delta` places; unchanged when that leaves the list. */
export function move<T>(items: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** The list without the item at `index`. */
export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The list with the item at `index` replaced. */
export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

/** The draft with one phase changed. */
export function updatePhase(rb: Runbook, p: number, change: (phase: Phase) => Phase): Runbook {
  const phase = rb.phases[p];
  return phase ? { ...rb, phases: replaceAt(rb.phases, p, change(phase)) } : rb;
}

/** The draft with one step changed. */
export function updateStep(rb: Runbook, p: number, s: number, change: (step: Step) => Step): Runbook {
  return updatePhase(rb, p, (phase) => {
    const step = phase.steps[s];
    return step ? { ...phase, steps: replaceAt(phase.steps, s, change(step)) } : phase;
  });
}

/** Parses an optional whole number of minutes from a form field; empty → null, anything else invalid → undefined. */
export function parseMinutes(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return undefined;
  return Number(t);
}

/** Where a backend validation message points, e.g. `phases[0].steps[1].title: …` → {phase: 0, step: 1, field: 'title'}. */
export function locateField(message: string): { phase: number | null; step: number | null; field: string } | null {
  const m = /^((?:phases\[(\d+)\])?(?:\.steps\[(\d+)\])?\.?([a-z_]*))\s*:/.exec(message);
  if (!m || !m[1]) return null;
  return {
    phase: m[2] !== undefined ? Number(m[2]) : null,
    step: m[3] !== undefined ? Number(m[3]) : null,
    field: m[4] ?? '',
  };
}

/** A checklist keeps its one phase; this folds extra phases into it when a runbook becomes a checklist. */
export function asKind(rb: Runbook, kind: RunbookKind): Runbook {
  if (kind === 'runbook' || rb.phases.length <= 1) return { ...rb, kind };
  const [first, ...rest] = rb.phases;
  const steps = [...(first?.steps ?? []), ...rest.flatMap((p) => p.steps)];
  return { ...rb, kind, phases: [{ ...(first ?? emptyPhase('Checklist')), steps }] };
}

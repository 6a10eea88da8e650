// Audit events in words.
import type { AuditEvent } from '../ipc/types';

const WORDS: Record<string, string> = {
  'run.created': 'created the run',
  'run.started': 'started the run',
  'run.completed': 'completed the run',
  'run.aborted': 'aborted the run',
  'run.rolled_back': 'rolled the release back',
  'step.started': 'started',
  'step.done': 'ticked off',
  'step.skipped': 'skipped',
  'step.failed': 'marked failed',
  'step.blocked': 'marked blocked',
  'step.reopened': 'reopened',
  'step.noted': 'added a note to',
  'runbook.created': 'created the runbook',
  'runbook.updated': 'saved the runbook',
  'runbook.archived': 'archived the runbook',
  'environment.created': 'created the environment',
  'environment.updated': 'changed the environment',
  'environment.deleted': 'deleted the environment',
  'profile.updated': 'updated the profile',
};

/** The action in words, e.g. `step.skipped` → `skipped`; unknown actions read as `step skipped`. */
export function actionWords(action: string): string {
  return WORDS[action] ?? action.replace(/[._]/g, ' ');
}

function text(payload: AuditEvent['payload'], key: string): string | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const v = payload[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** What the event names and why, from its payload. */
export function eventDetails(event: Pick<AuditEvent, 'payload'>): {
  step: string | null;
  reason: string | null;
  note: string | null;
  name: string | null;
} {
  const p = event.payload;
  return {
    step: text(p, 'step'),
    reason: text(p, 'reason'),
    note: text(p, 'note'),
    name: text(p, 'title') ?? text(p, 'name') ?? text(p, 'runbook_title') ?? text(p, 'release'),
  };
}

/** A colour for the event's kind of action. */
export function actionColour(action: string): string {
  if (action.endsWith('.done') || action.endsWith('.completed')) return 'teal';
  if (action.endsWith('.failed') || action.endsWith('.aborted') || action.endsWith('.deleted')) return 'red';
  if (action.endsWith('.rolled_back')) return 'grape';
  if (action.endsWith('.blocked')) return 'orange';
  if (action.endsWith('.skipped') || action.endsWith('.archived')) return 'gray';
  if (action.endsWith('.started')) return 'blue';
  if (action.endsWith('.reopened')) return 'yellow';
  return 'indigo';
}

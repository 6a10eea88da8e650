// Audit events in words.
import type { AuditAction, AuditEvent } from '../ipc/types';

/**
 * Every action the store records, in words: `<actor> <words> <what it names>`. Typed against the generated union,
 * so an action added in Rust without words here fails the type check.
 */
const WORDS: Record<AuditAction, string> = {
  'run.created': 'created the run',
  'run.scheduled': 'scheduled the run',
  'run.started': 'started the run',
  'run.completed': 'completed the run',
  'run.aborted': 'aborted the run',
  'run.rolled_back': 'rolled the release back',
  'run.handed_over': 'handed the run over',
  'run.held': 'held the run',
  'run.released': 'released the run',
  'run.one_run_rule_overridden': 'started a second run on the environment, overriding the one-run rule',
  'run.contact_set': 'named a contact for the run',
  'run.contact_cleared': 'removed contacts from the run',
  'step.started': 'started',
  'step.done': 'ticked off',
  'step.skipped': 'skipped',
  'step.failed': 'marked failed',
  'step.blocked': 'marked blocked',
  'step.reopened': 'reopened',
  'step.noted': 'added a note to',
  'step.claimed': 'is on',
  'step.claim_taken': 'took over',
  'step.unclaimed': 'let go of',
  'gate.criterion_marked': 'marked a go/no-go criterion of',
  'gate.go': 'recorded GO on',
  'gate.no_go': 'recorded NO-GO on',
  'gate.renewed': 'renewed the approval window of',
  'gate.window_overridden': 'overrode the change window of',
  'sign_off.recorded': 'signed off',
  'sign_off.requested': 'requested a remote sign-off for',
  'sign_off.withdrawn': 'withdrew a sign-off of',
  'sign_off.overridden': 'overrode a rejection of',
  'bake.started': 'started the bake of',
  'bake.sampled': 'recorded an analysis round of',
  'bake.passed': 'passed the bake of',
  'bake.failed': 'failed the bake of',
  'bake.paused': 'paused the bake of',
  'bake.aborted': 'aborted the bake of',
  'rollout.action_ran': 'ran the traffic action of',
  'rollout.action_failed': 'ran the traffic action, which failed, of',
  'rollout.action_skipped': 'skipped the traffic action (not allowed here) of',
  'rollback.proposed': 'proposed a rollback',
  'rollback.started': 'started a rollback',
  'rollback.escalated': 'escalated the rollback',
  'rollback.step_done': 'ticked off a rollback step',
  'rollback.finished': 'finished the rollback',
  'runbook.created': 'created the runbook',
  'runbook.updated': 'saved the runbook',
  'runbook.archived': 'archived the runbook',
  'environment.created': 'created the environment',
  'environment.updated': 'changed the environment',
  'environment.deleted': 'deleted the environment',
  'environment.window_added': 'added a change window to',
  'environment.window_removed': 'removed a change window from',
  'environment.windows_replaced': 'replaced the change windows of',
  'environment.freeze_added': 'added a change freeze to',
  'environment.freeze_removed': 'removed a change freeze from',
  'check.result': 'kept a check result',
  'check_suite.saved': 'saved the check suite',
  'check_suite.deleted': 'deleted the check suite',
  'person.added': 'added the person',
  'member.added': 'made a server login a member, as',
  'person.updated': 'changed the person',
  'person.contact_updated': 'changed the contact details of',
  'person.key_added': 'registered a signing key for',
  'person.key_revoked': 'revoked a signing key of',
  'scorecard.created': 'created the scorecard',
  'scorecard.attested': 'attested a readiness rule of',
  'scorecard.rule_not_applicable': 'marked a readiness rule not applicable in',
  'secret.set': 'set the secret',
  'secret.deleted': 'deleted the secret',
  'profile.updated': 'updated the profile',
  'demo.history_added': 'added the demo history',
};

/** The action in words, e.g. `step.skipped` → `skipped`; unknown actions read as `step skipped`. */
export function actionWords(action: string): string {
  return (WORDS as Record<string, string>)[action] ?? action.replace(/[._]/g, ' ');
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
    // Gate and board events name their gate or criterion where step events name their step.
    step: text(p, 'step') ?? text(p, 'gate') ?? text(p, 'criterion'),
    reason: text(p, 'reason'),
    note: text(p, 'note'),
    name:
      text(p, 'title') ?? text(p, 'name') ?? text(p, 'runbook_title') ?? text(p, 'release') ?? text(p, 'scorecard') ?? text(p, 'principal') ?? text(p, 'role'),
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

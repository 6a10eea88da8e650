import { call } from './invoke';
import type { RunContacts } from '../bindings/contact';

export type { CallNow, ContactDetails, RunContact, RunContacts } from '../bindings/contact';

/** A run's on-call and escalation contacts per role, and who to call now (`runsheet run contacts`). */
export const runContacts = (runId: number) => call<RunContacts>('run_contacts', { runId });

import { call } from './invoke';
import type { Decision, GateReplay, GateStatus, GoNoGo, Person, ReplayQuery, SignOff } from './types';

export const gateStatus = (runId: number) => call<GateStatus[]>('gate_status', { runId });
/** What the gate would have decided on recent runs with another condition on one of its checks (stored evidence only). */
export const replayGate = (runId: number, stepId: number, query: ReplayQuery) => call<GateReplay>('replay_gate', { runId, stepId, query });
export const listSignOffs = (runId: number) => call<SignOff[]>('list_sign_offs', { runId });
export const signGate = (runId: number, stepId: number, role: string, decision: Decision, comment: string) =>
  call<SignOff>('sign_gate', { runId, stepId, role, decision, comment });
export const liftSignOff = (signOffId: number, reason: string) => call<SignOff>('lift_sign_off', { signOffId, reason });
export const markCriterion = (runId: number, stepId: number, number: number, holds: boolean) =>
  call<GateStatus>('mark_criterion', { runId, stepId, number, holds });
export const decideGate = (runId: number, stepId: number, decision: GoNoGo, reason: string) =>
  call<GateStatus>('decide_gate', { runId, stepId, decision, reason });
/** Restarts a gate's approval window (a held gate can open again); audited with the reason. */
export const renewGate = (runId: number, stepId: number, reason: string) => call<GateStatus>('renew_gate', { runId, stepId, reason });
export const requestSignOff = (runId: number, stepId: number, role: string, path: string) =>
  call<null>('request_sign_off', { runId, stepId, role, path });
/** Imports a response: pasted `text`, or a file `path` (with `sigPath` for a request signed by ssh-keygen). */
export const importSignOff = (answer: { text?: string; path?: string; sigPath?: string }) =>
  call<SignOff>('import_sign_off', { text: answer.text ?? null, path: answer.path ?? null, sigPath: answer.sigPath ?? null });

export const listPeople = () => call<Person[]>('list_people');
export const addPerson = (name: string, principal: string, roles: string[], publicKey: string | null) =>
  call<Person>('add_person', { name, principal, roles, publicKey });
export const revokePersonKey = (fingerprint: string, reason: string) =>
  call<Person>('revoke_person_key', { fingerprint, reason });

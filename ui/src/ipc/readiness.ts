import { call } from './invoke';
import type { ScorePoint, ScorecardStatus, ScorecardSummary } from '../bindings/scorecard';

export type {
  CategoryStatus,
  Level,
  RuleState,
  RuleStatus,
  ScorePoint,
  ScorecardStatus,
  ScorecardSummary,
  StateCounts,
  Verdict,
} from '../bindings/scorecard';

/** Readiness scorecards with their latest score (`runsheet scorecard list`). */
export const listScorecards = () => call<ScorecardSummary[]>('list_scorecards');
/** A scorecard scored now (`runsheet scorecard show`). */
export const scorecardStatus = (id: number) => call<ScorecardStatus>('scorecard_status', { id });
/** Its score over time, oldest first. */
export const scorecardHistory = (id: number) => call<ScorePoint[]>('scorecard_history', { id });
/** Attests a rule in a role, signed with the profile's key from the OS keyring. */
export const attestScorecardRule = (id: number, rule: string, role: string, note: string) =>
  call<ScorecardStatus>('attest_scorecard_rule', { id, rule, role, note });
/** Marks a rule not applicable, with a reason. */
export const markScorecardRuleNa = (id: number, rule: string, reason: string) => call<ScorecardStatus>('mark_scorecard_rule_na', { id, rule, reason });

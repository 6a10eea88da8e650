// Every type the UI receives from or sends to the backend, in one place.
export type { AppInfo, WorkspaceChanged } from '../bindings/app';
export type { Decision, Person, PersonKey, SignOff, SignOffState } from '../bindings/approval';
export type { AuditEvent, AuditPage, VerifyReport } from '../bindings/audit';
export type {
  CheckKind,
  CheckOutline,
  CheckProgress,
  CheckResult,
  CheckResultFilter,
  CheckStatus,
  CheckSuite,
  CheckSuiteOutline,
  ConditionDiagnostic,
  ConditionResult,
  DiagnosticSeverity,
  PlaygroundResult,
  SecretName,
} from '../bindings/check';
export type { Environment, EnvironmentColour, Tier, Variable } from '../bindings/environment';
export type {
  CriterionState,
  GateSpec,
  GateStatus,
  GoDecision,
  GoNoGo,
  Requirement,
  RequirementState,
  RequirementStatus,
  Rule,
} from '../bindings/gate';
export type { CommandError, ErrorKind } from '../bindings/error';
export type { EncodingReport, ImportedPhase, ImportedPlan, ImportedStep, Repair, Unrepaired } from '../bindings/import';
export type { Profile } from '../bindings/profile';
export type {
  NewRun,
  Run,
  RunAction,
  RunState,
  RunStep,
  RunSummary,
  StepAction,
  StepChange,
  StepNote,
  StepState,
} from '../bindings/run';
export type { Phase, Runbook, RunbookKind, RunbookSummary, Step, StepCommand, StepKind } from '../bindings/runbook';

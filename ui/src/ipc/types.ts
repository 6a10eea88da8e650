// Every type the UI receives from or sends to the backend, in one place.
export type { AppInfo, WorkspaceChanged, WorkspaceChoices, WorkspaceConnection, WorkspaceHead, WorkspaceTarget } from '../bindings/app';
export type { Decision, Person, PersonKey, SignOff, SignOffState } from '../bindings/approval';
export type { AuditAction, AuditEvent, AuditPage, VerifyReport } from '../bindings/audit';
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
  GateReplay,
  GateSpec,
  GateStatus,
  GoDecision,
  GoNoGo,
  Requirement,
  RequirementState,
  ReplayedRun,
  ReplayQuery,
  ReplayVerdict,
  RequirementStatus,
  Rule,
} from '../bindings/gate';
export type { CommandError, ErrorKind } from '../bindings/error';
export type {
  EncodingReport,
  ImportChoices,
  ImportedPhase,
  ImportedPlan,
  ImportedStep,
  PlanWindow,
  Repair,
  SectionChoice,
  SectionUse,
  Unrepaired,
} from '../bindings/import';
export type { Profile } from '../bindings/profile';
export type {
  NewRun,
  Run,
  RunAction,
  RunMarks,
  RunState,
  RunStep,
  RunSummary,
  StepAction,
  StepChange,
  StepNote,
  StepState,
} from '../bindings/run';
export type { Phase, Runbook, RunbookKind, RunbookSummary, Step, StepCommand, StepKind } from '../bindings/runbook';
export type { Claim, Handover } from '../bindings/claim';
export type { Hold } from '../bindings/hold';
export type { Forecast, RunSchedule, ScheduleState, StepTimes } from '../bindings/schedule';
export type {
  ChangeWindow,
  ClosedBy,
  Day,
  EnvironmentWindows,
  Freeze,
  WindowOverride,
  WindowVerdict,
} from '../bindings/window';
export type {
  AnalysisSample,
  AnalysisStatus,
  BakeRecord,
  BakeVerdict,
  CheckAnalysis,
  ProposedAction,
  Rollback,
  RollbackStep,
  RolloutAction,
  RolloutSpec,
  RolloutStatus,
  TrafficStep,
} from '../bindings/rollout';

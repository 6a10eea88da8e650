import { call } from './invoke';

export type ReportFormat = 'html' | 'md';

/** The run's report as one self-contained HTML page. */
export const runReportHtml = (runId: number) => call<string>('run_report_html', { runId });
/** Asks where to save the run's report and writes it; resolves to the path written. */
export const saveRunReport = (runId: number, format: ReportFormat) => call<string | null>('save_run_report', { runId, format });
/** The runbook as YAML (the runbook format). */
export const exportRunbookYaml = (id: number) => call<string>('export_runbook_yaml', { id });
/** Writes a scorecard's readiness report into the workspace's `reports/` folder; returns its path. */
export const saveReadinessReport = (scorecardId: number, format: ReportFormat) =>
  call<string | null>('save_readiness_report', { scorecardId, format });

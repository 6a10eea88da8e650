import type { AppError } from '../ipc/invoke';

// Check suites as the editor sees them: the template of a new one, and where a save error points.

/** The source a new suite starts from: a working example of the checks file format. */
export const SUITE_TEMPLATE = `# Environments give values to {{ placeholders }}; the workspace's environments can be used too.
environments:
  staging:
    vars: { base_url: "http://127.0.0.1:18080" }

checks:
  - name: api-health
    description: The API answers and says it is healthy
    http: { url: "{{ base_url }}/api/health", timeout: 5s }
    # Every condition must hold, or the check fails.
    conditions: ["[STATUS] == 200", "[BODY].status == healthy", "[RESPONSE_TIME] < 500"]
    # When one of these holds on a passing check, it is a warning.
    warn: ["[RESPONSE_TIME] > 100"]

  - name: dashboards-look-right
    manual: { instructions: "Open the dashboards and confirm the error rate is flat" }
`;

/** Where a save error points in the source, from the error's location: line 12, column 5, and what is wrong. */
export type SourceError = { line: number | null; column: number | null; message: string };

/** The place and problem of an error that has a location; otherwise its whole message without a place. */
export function sourceError(error: AppError): SourceError {
  const at = error.location;
  if (!at) return { line: null, column: null, message: error.message };
  return { line: at.line, column: at.column, message: at.problem };
}

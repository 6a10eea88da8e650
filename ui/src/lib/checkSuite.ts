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

/** Where a save error points in the source: `suite:12:5: unknown field` → line 12, column 5. */
export type SourceError = { line: number | null; column: number | null; message: string };

/** Splits `file:line:column: message` (or `file:line: message`); anything else is a message without a place. */
export function parseSourceError(text: string): SourceError {
  const m = /:(\d+)(?::(\d+))?: /.exec(text);
  if (!m) return { line: null, column: null, message: text };
  const line = Number(m[1]);
  const column = m[2] !== undefined ? Number(m[2]) : null;
  return { line: line > 0 ? line : null, column, message: text.slice(m.index + m[0].length) };
}

// The condition playground's input: a condition and the observed values it is tried against.

/** The captured response the playground starts with. */
export const SAMPLE_OBSERVED = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"healthy","version":"1.2.0","items":[1,2,3]}',
  response_time_ms: 12,
};

export const SAMPLE_CONDITION = '[BODY].status == healthy';

/** The observed values typed in: an object, or why it is not one. */
export function parseObserved(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'the observed values are a JSON object, e.g. {"status": 200}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

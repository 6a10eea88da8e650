import { describe, expect, it } from 'vitest';
import { checkResult } from '../lib/checkFixtures.test-util';
import { latencySeries } from './LatencyChart';

describe('latencySeries', () => {
  it('puts each result in its status’s series, coloured by status, oldest first', () => {
    const series = latencySeries([
      checkResult('a', 'fail', { started_at: '2025-01-01T00:02:00Z', latency_ms: null, duration_ms: 5000 }),
      checkResult('a', 'pass', { started_at: '2025-01-01T00:01:00Z', latency_ms: 30 }),
      checkResult('a', 'pass', { started_at: '2025-01-01T00:00:00Z', latency_ms: 20 }),
      checkResult('a', 'warn', { started_at: 'garbage', latency_ms: 99 }),
    ]);
    expect(series.map((s) => [s.name, s.color])).toEqual([
      ['Pass', 'teal.6'],
      ['Fail', 'red.6'],
    ]);
    expect(series[0]?.data).toEqual([
      { at: Date.parse('2025-01-01T00:00:00Z'), ms: 20 },
      { at: Date.parse('2025-01-01T00:01:00Z'), ms: 30 },
    ]);
    // Without a probe latency, the check's duration stands in.
    expect(series[1]?.data).toEqual([{ at: Date.parse('2025-01-01T00:02:00Z'), ms: 5000 }]);
  });
});

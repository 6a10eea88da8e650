import { describe, expect, it } from 'vitest';
import { parseSourceError, SUITE_TEMPLATE } from './checkSuite';

describe('parseSourceError', () => {
  it('finds the line and column of a checks file error', () => {
    expect(parseSourceError('smoke:12:5: checks[0]: unknown field `htp`')).toEqual({
      line: 12,
      column: 5,
      message: 'checks[0]: unknown field `htp`',
    });
  });

  it('takes a line without a column, and a message without a place as it is', () => {
    expect(parseSourceError('smoke:3: bad duration')).toEqual({ line: 3, column: null, message: 'bad duration' });
    expect(parseSourceError('suite `x` has no checks')).toEqual({ line: null, column: null, message: 'suite `x` has no checks' });
  });
});

describe('SUITE_TEMPLATE', () => {
  it('declares an environment and an http check with conditions', () => {
    expect(SUITE_TEMPLATE).toContain('environments:');
    expect(SUITE_TEMPLATE).toContain('[STATUS] == 200');
    expect(SUITE_TEMPLATE).not.toContain('\t');
  });
});

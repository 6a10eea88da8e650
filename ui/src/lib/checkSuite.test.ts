import { describe, expect, it } from 'vitest';
import { AppError } from '../ipc/invoke';
import { sourceError, SUITE_TEMPLATE } from './checkSuite';

describe('sourceError', () => {
  it('takes the line, column and problem from the error location', () => {
    const location = { file: 'smoke', line: 12, column: 5, problem: 'checks[0]: unknown field `htp`' };
    const e = new AppError('invalid', 'smoke:12:5: checks[0]: unknown field `htp`', location);
    expect(sourceError(e)).toEqual({ line: 12, column: 5, message: 'checks[0]: unknown field `htp`' });
  });

  it('takes a line without a column, and an error without a location as it is', () => {
    const e = new AppError('invalid', 'smoke:3: bad duration', { file: 'smoke', line: 3, column: null, problem: 'bad duration' });
    expect(sourceError(e)).toEqual({ line: 3, column: null, message: 'bad duration' });
    // A message that looks like a place is not read as one: only the location counts.
    expect(sourceError(new AppError('invalid', 'x:3: looks placed'))).toEqual({ line: null, column: null, message: 'x:3: looks placed' });
  });
});

describe('SUITE_TEMPLATE', () => {
  it('declares an environment and an http check with conditions', () => {
    expect(SUITE_TEMPLATE).toContain('environments:');
    expect(SUITE_TEMPLATE).toContain('[STATUS] == 200');
    expect(SUITE_TEMPLATE).not.toContain('\t');
  });
});

import { describe, expect, it } from 'vitest';
import { formatRoles, parseRoles } from './profile';

describe('parseRoles', () => {
  it('splits on commas, trims, drops blanks and repeats', () => {
    expect(parseRoles(' Release manager, DBA,, dba , DevOps ')).toEqual(['Release manager', 'DBA', 'DevOps']);
    expect(parseRoles('')).toEqual([]);
  });
  it('round-trips with formatRoles', () => {
    expect(parseRoles(formatRoles(['A', 'B c']))).toEqual(['A', 'B c']);
  });
});

import { describe, expect, it } from 'vitest';
import { caretLine } from './caret';

describe('caretLine', () => {
  it('puts carets under the columns a diagnostic covers', () => {
    const condition = '[STATUS] === 200';
    const line = caretLine(condition, 10, 3);
    expect(line).toBe('         ^^^');
    expect(condition.slice(line.indexOf('^'), line.length)).toBe('===');
  });

  it('counts characters, not UTF-16 units, and keeps tabs', () => {
    expect(caretLine('[BODY].name == "🚀" x', 21, 1)).toBe(' '.repeat(20) + '^');
    expect(caretLine('\t[STATUS] == 2', 2, 8)).toBe('\t^^^^^^^^');
  });

  it('points just past the end for a column beyond it and shows at least one caret', () => {
    expect(caretLine('[STATUS] ==', 40, 5)).toBe(' '.repeat(11) + '^');
    expect(caretLine('[STATUS]', 1, 0)).toBe('^');
    expect(caretLine('', 1, 1)).toBe('^');
  });
});

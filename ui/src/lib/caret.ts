// A caret line under a condition, pointing at the characters a diagnostic is about.

/**
 * The text to print under `text` so that `^` marks `length` characters from the 1-based `column`. Columns count
 * characters (code points), as the backend does; tabs before the mark are kept so a monospace echo lines up.
 * A column past the end points just after the last character.
 */
export function caretLine(text: string, column: number, length: number): string {
  const chars = Array.from(text);
  const start = Math.min(Math.max(1, Math.floor(column)), chars.length + 1) - 1;
  const prefix = chars
    .slice(0, start)
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('');
  const room = Math.max(1, chars.length - start);
  return prefix + '^'.repeat(Math.min(Math.max(1, Math.floor(length)), room));
}

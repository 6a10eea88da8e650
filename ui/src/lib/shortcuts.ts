// Keyboard shortcuts of the run view.

export type ShortcutCommand = 'next' | 'prev' | 'goto-open' | 'start' | 'tick' | 'skip' | 'fail' | 'block' | 'note' | 'help';

/** The parts of a KeyboardEvent that decide the command. */
export type KeyLike = {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
};

/** Every shortcut, for the help overlay and button hints. */
export const SHORTCUTS: ReadonlyArray<{ command: ShortcutCommand; keys: string[]; label: string }> = [
  { command: 'next', keys: ['j', '↓'], label: 'Next step' },
  { command: 'prev', keys: ['k', '↑'], label: 'Previous step' },
  { command: 'goto-open', keys: ['g'], label: 'Go to the next open step' },
  { command: 'start', keys: ['s'], label: 'Start the step' },
  { command: 'tick', keys: ['x', 'Enter'], label: 'Tick off the step' },
  { command: 'skip', keys: ['Shift+S'], label: 'Skip the step (with a reason)' },
  { command: 'fail', keys: ['f'], label: 'Mark the step failed (with a reason)' },
  { command: 'block', keys: ['b'], label: 'Mark the step blocked (with a reason)' },
  { command: 'note', keys: ['n'], label: 'Add a note' },
  { command: 'help', keys: ['?'], label: 'Show or hide this help' },
];

/** The short hint shown on a button, e.g. `x`. */
export function hintFor(command: ShortcutCommand): string {
  return SHORTCUTS.find((s) => s.command === command)?.keys[0] ?? '';
}

/** Whether keys typed at `target` are text for a field rather than shortcuts. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return el.isContentEditable === true || el.getAttribute?.('contenteditable') === 'true';
}

function isActivatable(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const tag = (target as Element).tagName.toLowerCase();
  return tag === 'button' || tag === 'a' || (target as Element).getAttribute?.('role') === 'button';
}

/** The command a key press stands for, or null (typing in a field, modifier keys, unknown keys). */
export function commandForKey(e: KeyLike): ShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTypingTarget(e.target)) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'prev';
    case 'g':
      return 'goto-open';
    case 's':
      return e.shiftKey ? 'skip' : 'start';
    case 'S':
      return 'skip';
    case 'x':
      return 'tick';
    case 'Enter':
      // Enter on a focused button or link presses it; only elsewhere does it tick.
      return isActivatable(e.target) ? null : 'tick';
    case 'f':
      return 'fail';
    case 'b':
      return 'block';
    case 'n':
      return 'note';
    case '?':
      return 'help';
    default:
      return null;
  }
}

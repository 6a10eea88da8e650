import { describe, expect, it } from 'vitest';
import { commandForKey, hintFor, isTypingTarget, SHORTCUTS } from './shortcuts';

describe('commandForKey', () => {
  it('maps the run-walking keys', () => {
    const cases: Array<[string, boolean, string]> = [
      ['j', false, 'next'],
      ['ArrowDown', false, 'next'],
      ['k', false, 'prev'],
      ['ArrowUp', false, 'prev'],
      ['g', false, 'goto-open'],
      ['s', false, 'start'],
      ['S', true, 'skip'],
      ['x', false, 'tick'],
      ['Enter', false, 'tick'],
      ['f', false, 'fail'],
      ['b', false, 'block'],
      ['n', false, 'note'],
      ['?', true, 'help'],
    ];
    for (const [key, shiftKey, command] of cases) {
      expect(commandForKey({ key, shiftKey, target: document.body }), key).toBe(command);
    }
  });

  it('ignores modified keys and unknown keys', () => {
    expect(commandForKey({ key: 's', ctrlKey: true })).toBeNull();
    expect(commandForKey({ key: 'x', metaKey: true })).toBeNull();
    expect(commandForKey({ key: 'q' })).toBeNull();
  });

  it('ignores keys typed into fields', () => {
    for (const tag of ['input', 'textarea', 'select']) {
      expect(commandForKey({ key: 'x', target: document.createElement(tag) }), tag).toBeNull();
    }
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(box)).toBe(false);
  });

  it('lets Enter press a focused button instead of ticking', () => {
    expect(commandForKey({ key: 'Enter', target: document.createElement('button') })).toBeNull();
    expect(commandForKey({ key: 'x', target: document.createElement('button') })).toBe('tick');
  });
});

describe('SHORTCUTS', () => {
  it('lists every command once, with a hint', () => {
    const commands = SHORTCUTS.map((s) => s.command);
    expect(new Set(commands).size).toBe(commands.length);
    expect(hintFor('tick')).toBe('x');
    expect(hintFor('skip')).toBe('Shift+S');
  });
});

import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';

const setErrorLine = StateEffect.define<number | null>();
const errorLineMark = Decoration.line({ class: 'cm-error-line' });

// The line a save error points at, kept in place while the text around it is edited.
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      next =
        line !== null && line >= 1 && line <= tr.state.doc.lines
          ? Decoration.set([errorLineMark.range(tr.state.doc.line(line).from)])
          : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  '&': { fontSize: '14px', backgroundColor: 'var(--mantine-color-body)', color: 'var(--mantine-color-text)' },
  '.cm-content': { fontFamily: 'var(--mantine-font-family-monospace)', caretColor: 'var(--mantine-color-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-default-hover)',
    color: 'var(--mantine-color-dimmed)',
    borderRight: '1px solid var(--mantine-color-default-border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--mantine-color-blue-5) 8%, transparent)' },
  '.cm-error-line': { backgroundColor: 'color-mix(in srgb, var(--mantine-color-red-6) 22%, transparent)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { overflow: 'auto' },
});

/**
 * A YAML editor (CodeMirror 6) with line numbers. It owns its text: mount it with a `key` to start over from
 * another `initialValue`. `errorLine` (1-based) is highlighted until it changes.
 */
export function YamlEditor({
  initialValue,
  onChange,
  onSave,
  errorLine: errorAt,
  label,
  minHeight = 320,
  testId,
}: {
  initialValue: string;
  onChange: (value: string) => void;
  /** Called on Ctrl+S (⌘S). */
  onSave?: () => void;
  errorLine: number | null;
  label: string;
  minHeight?: number;
  testId: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialValue,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          errorLine,
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                onSaveRef.current?.();
                return true;
              },
            },
            ...defaultKeymap,
            ...historyKeymap,
            indentWithTab,
          ]),
          EditorState.tabSize.of(2),
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': `${testId}-input` }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          theme,
          EditorView.theme({ '&': { maxHeight: '65vh' }, '.cm-content, .cm-gutter': { minHeight: `${minHeight - 2}px` } }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor owns its text after mounting; a new initial value needs a new key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch({ effects: setErrorLine.of(errorAt) });
    if (errorAt !== null && errorAt >= 1 && errorAt <= v.state.doc.lines) {
      v.dispatch({ effects: EditorView.scrollIntoView(v.state.doc.line(errorAt).from, { y: 'center' }) });
    }
  }, [errorAt]);

  return (
    <Box
      ref={host}
      data-testid={testId}
      data-error-line={errorAt ?? undefined}
      style={{
        border: `1px solid ${errorAt !== null ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-default-border)'}`,
        borderRadius: 'var(--mantine-radius-sm)',
        overflow: 'hidden',
      }}
    />
  );
}

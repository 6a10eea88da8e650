import { TextPromptDialog } from './TextPromptDialog';

/** Asks for the text of a note on a step. */
export function NoteDialog({
  opened,
  stepTitle,
  onCancel,
  onSave,
}: {
  opened: boolean;
  stepTitle: string;
  onCancel: () => void;
  onSave: (text: string) => Promise<void>;
}) {
  return (
    <TextPromptDialog
      opened={opened}
      title={`Note on “${stepTitle}”`}
      label="Note"
      description="Markdown. Ctrl+Enter saves."
      confirmLabel="Save note"
      inputTestId="note-input"
      confirmTestId="note-save"
      onCancel={onCancel}
      onConfirm={onSave}
    />
  );
}

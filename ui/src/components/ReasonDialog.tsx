import { TextPromptDialog } from './TextPromptDialog';

/** Asks for a reason before an action; errors from the action are shown inside the dialog. */
export function ReasonDialog({
  opened,
  title,
  description,
  confirmLabel,
  confirmColour = 'red',
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  description?: string;
  confirmLabel: string;
  confirmColour?: string;
  onCancel: () => void;
  /** Does the action; a rejection keeps the dialog open and shows the message. */
  onConfirm: (reason: string) => Promise<void>;
}) {
  return (
    <TextPromptDialog
      opened={opened}
      title={title}
      label="Reason"
      description={description}
      placeholder="Why? This goes into the audit trail."
      maxLength={2000}
      confirmLabel={confirmLabel}
      confirmColour={confirmColour}
      inputTestId="reason-input"
      confirmTestId="reason-confirm"
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}

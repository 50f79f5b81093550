/** A text to hand on (a message for the admin, a justification): shown in full, copyable, selectable. */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { t } from '../platform/browser';

interface Props {
  text: string;
  /** The text box's accessible name. */
  label: string;
  buttonLabel: string;
  rows?: number;
  children?: ComponentChildren;
}

export function CopyText({ text, label, buttonLabel, rows = 5, children }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState('');
  const copy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => setNote(t('copied')),
        () => {
          // No clipboard (permission, focus): leave the text selected for Ctrl+C.
          area.current?.focus();
          area.current?.select();
          setNote(t('copyFailed'));
        },
      );
  return (
    <div class="copy">
      <textarea ref={area} readOnly rows={rows} aria-label={label} value={text} />
      <div class="row">
        <button type="button" onClick={copy}>
          {buttonLabel}
        </button>
        {children}
        <span class="note" role="status" aria-live="polite">
          {note}
        </span>
      </div>
    </div>
  );
}

import { useId, useState } from 'react';
import Dialog from '../shared-ui/Dialog.tsx';
import { clipboard } from '../shared-ui/clipboard.ts';
import { folderName } from '../store/drafts.ts';
import { useStore } from '../store/index.ts';
import './stranded.css';
import type { Draft } from '../store/types.ts';

/** Each image's name, then the caption it was to get: what a person pastes back or compares. */
function strandedText(drafts: Record<string, Draft>): string {
  return Object.entries(drafts)
    .map(([id, d]) => `${id}\n${d.text}`)
    .join('\n\n');
}

/**
 * The unsaved edits of a folder the server no longer serves: where they belong, how to get them
 * saved (serve that folder again: the page saves them when it shows it), their text to copy, and
 * a way to let them go.
 */
export default function StrandedDialog({ root, drafts, onClose }: { root: string; drafts: Record<string, Draft>; onClose(): void }) {
  const textId = useId();
  const [copied, setCopied] = useState<string>('');
  const [armed, setArmed] = useState(false);
  const text = strandedText(drafts);
  const name = folderName(root);
  const copy = async () => {
    try {
      await clipboard()?.writeText(text);
      setCopied('Copied');
    } catch (e) {
      setCopied(`Could not copy: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <Dialog open title={`Unsaved edits for ${name}`} onClose={onClose} className="stranded-dialog">
      <p>
        These edits were made while this page showed <code>{root}</code>. The server now serves another folder, so they were not written
        anywhere. Serve {name} again (<code>tagsmith serve</code> on that folder, the same port) and this page saves them when it
        reconnects; or copy them from here.
      </p>
      <label htmlFor={textId}>Image, then the caption it was to get</label>
      <textarea id={textId} className="ts-file-text" readOnly rows={Math.min(12, text.split('\n').length)} value={text} />
      <p role="status">{armed ? 'Discarded edits cannot be brought back: they were never written.' : copied}</p>
      <div className="stranded-actions">
        <button
          type="button"
          className={armed ? 'stranded-armed' : undefined}
          onClick={() => {
            // Nothing brings them back (they were never written), so the first click only asks.
            if (!armed) return setArmed(true);
            useStore.getState().discardStranded(root);
            onClose();
          }}
        >
          {armed ? 'Discard for good' : 'Discard these edits'}
        </button>
        <button type="button" disabled={!clipboard()} title={clipboard() ? undefined : 'The clipboard is not available here'} onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="ts-primary" onClick={onClose}>
          Keep them
        </button>
      </div>
    </Dialog>
  );
}

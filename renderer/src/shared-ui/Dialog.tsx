import { useEffect, useRef, type ReactNode } from 'react';
import './dialog.css';

interface Props {
  open: boolean;
  /** The accessible name (aria-label) and the visible title. */
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal on the native <dialog>: showModal() gives the top layer, the focus trap, inert background
 * and Escape for free, with role "dialog" built in. The element stays mounted only while open.
 */
export default function Dialog({ open, title, onClose, children, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      aria-label={title}
      className={['ts-dialog', className].filter(Boolean).join(' ')}
      // Escape fires 'cancel'; the parent owns `open`, so it decides, not the browser.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="ts-dialog-head">
        <h2>{title}</h2>
        <button type="button" className="ts-dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

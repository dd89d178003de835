import { useMemo } from 'react';
import Dialog from '../shared-ui/Dialog.tsx';
import { useStore } from '../store/index.ts';
import './help.css';
import { helpSections } from './keymap.ts';

/** "?" anywhere outside a text field: every shortcut, from the same registry the keys run through. */
export default function KeyboardHelp() {
  const open = useStore((s) => s.panels.help);
  const sections = useMemo(() => helpSections(), []);
  return (
    <Dialog open={open} title="Keyboard shortcuts" className="help-dialog" onClose={() => useStore.getState().setPanel('help', false)}>
      <p className="help-intro">
        The loop without a mouse: <kbd>T</kbd> or <kbd>Enter</kbd> to reach “Add tag”, type, <kbd>Enter</kbd>, <kbd>PageDown</kbd> for the next
        image (the cursor stays in “Add tag”); <kbd>1</kbd>–<kbd>9</kbd> toggle the quick tags, <kbd>R</kbd> marks the image reviewed.
      </p>
      <div className="help-sections">
        {sections.map((section) => (
          <section key={section.title} className="help-section" aria-labelledby={`help-${section.title}`}>
            <h3 id={`help-${section.title}`}>{section.title}</h3>
            <table>
              <tbody>
                {section.rows.map((row) => (
                  <tr key={`${row.keys} ${row.label}`}>
                    <th scope="row">
                      <kbd>{row.keys}</kbd>
                    </th>
                    <td>
                      {row.label}
                      {row.where && <span className="help-where"> ({row.where})</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Dialog>
  );
}

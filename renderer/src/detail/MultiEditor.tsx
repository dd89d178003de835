import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TagOp } from '../../../shared/tags/index.ts';
import { applySelectionEdit } from '../batch/applyBatch.ts';
import { hiddenSelected } from '../batch/scope.ts';
import { useStore } from '../store/index.ts';
import AddTagInput from './AddTagInput.tsx';
import QuickTagRow from '../quicktags/QuickTagRow.tsx';
import { sharedTags } from './commonTags.ts';
import type { Entry } from './entry.ts';
import { useOpContext } from './useCaption.ts';

/**
 * Several images selected: tags common to all versus some, with counts. Every action is one
 * batch.apply over exactly the selected ids, so it is one undo step however many files it touches.
 */
export default function MultiEditor() {
  const { selected, docs } = useStore(useShallow((s) => ({ selected: s.selected, docs: s.docs })));
  const ids = useMemo(() => [...selected], [selected]);
  const ctx = useOpContext();
  const triggers = useMemo(() => new Set(ctx.triggerWords), [ctx.triggerWords]);
  const tags = useMemo(() => sharedTags(ids, docs, triggers), [ids, docs, triggers]);
  const everywhere = useMemo(() => new Set(tags.filter((t) => t.count === ids.length).map((t) => t.tag)), [tags, ids.length]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const captions = useMemo(() => ids.map((id) => docs[id]?.tags ?? []), [ids, docs]);
  const hidden = useStore(useShallow((s) => hiddenSelected(s)));
  // An edit that would reach selected images the filter hides waits for the user to say which
  // (the quick tags ask through the same store field).
  const pending = useStore((s) => s.selectionAsk);
  const ask = useStore((s) => s.askSelectionEdit);

  const send = (targetIds: string[], ops: TagOp[], label: string) => {
    ask(null);
    setBusy(true);
    void applySelectionEdit(targetIds, ops, label).finally(() => setBusy(false));
  };
  const run = (ops: TagOp[], label: string) => {
    if (hidden.length > 0) ask({ ops, label });
    else send(ids, ops, label);
  };
  const shownIds = useMemo(() => {
    const skip = new Set(hidden);
    return ids.filter((id) => !skip.has(id));
  }, [ids, hidden]);

  const onAdd = ({ tags: add, prose }: Entry) => {
    // Sentences describe one picture: the same sentence on many images is what lint calls generic.
    const skipped = prose ? ' Sentences are per image: select one image to add one.' : '';
    if (add.length > 0) run([{ op: 'add', tags: add, at: 'end' }], `Add ${add.join(', ')}`);
    setNotice(add.length > 0 ? `Adding ${add.join(', ')} to ${ids.length} images.${skipped}` : skipped.trim());
  };

  return (
    <section className="ts-detail ts-multi" aria-label={`${ids.length} images selected`}>
      <header className="ts-detail-head">
        <h2 className="ts-filename">{ids.length} images selected</h2>
      </header>
      <p className="ts-muted">Changes here apply to every selected caption, as one undo step.</p>
      {pending && (
        <div className="ts-hidden-ask" role="alert">
          <p>
            {pending.label}: {hidden.length} of the {ids.length} selected images are hidden by the filter.
          </p>
          <button type="button" onClick={() => send(ids, pending.ops, pending.label)}>
            Edit all {ids.length}
          </button>
          <button type="button" disabled={shownIds.length === 0} onClick={() => send(shownIds, pending.ops, pending.label)}>
            Only the {shownIds.length} shown
          </button>
          <button type="button" onClick={() => ask(null)}>
            Cancel
          </button>
        </div>
      )}
      <QuickTagRow captions={captions} disabled={busy} />
      <AddTagInput present={everywhere} disabled={busy} onAdd={onAdd} notice={notice} />
      {tags.length === 0 ? (
        <p className="ts-muted">The selected captions have no tags.</p>
      ) : (
        <ul className="ts-chips" aria-label="Tags in the selection">
          {tags.map((t) => (
            <li key={t.tag} className={['ts-chip', t.pinned ? 'ts-chip-trigger' : '', t.count < ids.length ? 'ts-chip-partial' : ''].filter(Boolean).join(' ')}>
              <span className="ts-chip-label" title={t.count === ids.length ? 'In every selected caption' : `In ${t.count} of ${ids.length} selected captions`}>
                {t.tag} <span className="ts-chip-count">{t.count}/{ids.length}</span>
              </span>
              {!t.pinned && (
                <button type="button" className="ts-chip-action" aria-label={`Move ${t.tag} to front`} disabled={busy} onClick={() => run([{ op: 'moveFront', tags: [t.tag] }], `Move ${t.tag} to front`)}>
                  ⇤
                </button>
              )}
              <button type="button" className="ts-chip-remove" aria-label={`Remove ${t.tag}`} disabled={busy} onClick={() => run([{ op: 'remove', tags: [t.tag] }], `Remove ${t.tag}`)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

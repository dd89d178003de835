import { useMemo, useState } from 'react';
import { editCaption, firstLine, parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import { useStore } from '../store/index.ts';
import AddTagInput from './AddTagInput.tsx';
import ConflictBanner from './ConflictBanner.tsx';
import ImagePreview from './ImagePreview.tsx';
import ProseEditor from './ProseEditor.tsx';
import RawEditor from './RawEditor.tsx';
import SaveBadge from './SaveBadge.tsx';
import TagChipList from './TagChipList.tsx';
import TokenEstimate from './TokenEstimate.tsx';
import { fileName } from '../grid/badges.ts';
import { useCaptionDoc, useOpContext } from './useCaption.ts';

/** The focused image: preview, then line 1 as trigger words + tag chips + one sentence block. */
export default function SingleEditor({ id }: { id: string }) {
  const transport = useStore((s) => s.transport);
  const openAutoCaption = useStore((s) => s.openAutoCaption);
  const { image, draft, doc, commit, readOnly } = useCaptionDoc(id);
  const ctx = useOpContext();
  const [rawView, setRawView] = useState(false);
  const triggers = useMemo(() => new Set(ctx.triggerWords), [ctx.triggerWords]);
  const present = useMemo(() => new Set(doc.tags), [doc.tags]);
  const name = fileName(id);
  const locked = readOnly !== null;

  const setRawLine = (line: string) => {
    // Replacing line 1 only: the BOM and the lines after it come from the current doc, untouched.
    const { bom, rest } = doc.layout;
    const next = parseCaption((bom ? '\uFEFF' : '') + line + rest);
    if (serializeCaption(next) !== serializeCaption(doc)) commit(next);
  };

  return (
    <section className="ts-detail" aria-label={`Caption of ${name}`}>
      {transport && <ImagePreview src={transport.mediaUrl(id)} name={name} />}
      <header className="ts-detail-head">
        <h2 className="ts-filename" title={id}>
          {name}
        </h2>
        <SaveBadge status={draft?.status ?? null} hasFile={image?.caption != null} />
      </header>
      {readOnly && (
        <p className="ts-error" role="alert">
          This caption cannot be edited: {readOnly}
        </p>
      )}
      {draft?.status === 'conflict' && <ConflictBanner id={id} theirs={draft.theirs ?? null} />}
      {draft?.status === 'error' && (
        <p className="ts-error" role="alert">
          Not saved: {draft.error}
        </p>
      )}
      <div className="ts-row ts-line-tools">
        <TokenEstimate line={firstLine(doc)} />
        <span className="ts-row">
          <button type="button" disabled={locked} onClick={() => openAutoCaption(id)} title="Auto-caption this image again (asks before replacing its caption)">
            Re-caption
          </button>
          <button type="button" aria-pressed={rawView} onClick={() => setRawView((v) => !v)} title="Edit line 1 as plain text">
            Text view
          </button>
        </span>
      </div>
      {rawView ? (
        <RawEditor line={firstLine(doc)} disabled={locked} onChange={setRawLine} />
      ) : (
        <>
          <TagChipList tags={doc.tags} triggers={triggers} disabled={locked} onChange={(tags) => commit(editCaption(doc, { tags }, ctx.separator))} />
          <AddTagInput
            exclude={present}
            disabled={locked}
            onAdd={(tags) => commit(applyOps(doc, [{ op: 'add', tags, at: 'end' }], ctx))}
          />
          <ProseEditor prose={doc.prose} disabled={locked} onChange={(prose) => commit(editCaption(doc, { prose }, ctx.separator))} />
        </>
      )}
    </section>
  );
}

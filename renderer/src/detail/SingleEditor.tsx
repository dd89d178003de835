import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Panel } from 'react-resizable-panels';
import { editCaption, firstLine, parseCaption, serializeCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import { PaneGroup } from '../layout/PaneGroup.tsx';
import { ResizeHandle } from '../layout/ResizeHandle.tsx';
import QuickTagRow from '../quicktags/QuickTagRow.tsx';
import { useStore } from '../store/index.ts';
import { addToCaption } from './addToCaption.ts';
import AddTagInput from './AddTagInput.tsx';
import ConflictBanner from './ConflictBanner.tsx';
import EmptyCaptionBanner from './EmptyCaptionBanner.tsx';
import DetailHeader from './DetailHeader.tsx';
import ImagePreview from './ImagePreview.tsx';
import ProseEditor from './ProseEditor.tsx';
import RawEditor from './RawEditor.tsx';
import TagChipList from './TagChipList.tsx';
import TokenEstimate from './TokenEstimate.tsx';
import { useCaptionDoc, useOpContext } from './useCaption.ts';
import type { Entry } from './entry.ts';

/**
 * The focused image: preview above, the caption editor below, the split resizable. Not remounted per
 * image: PageDown keeps the "Add tag" box (its focus and any half-typed text); only what belongs to
 * one image is keyed by it (the preview's zoom, the sentence box's text history).
 */
export default function SingleEditor({ id }: { id: string }) {
  const hidePreview = useStore((s) => s.prefs.hidePreview);
  const transport = useStore((s) => s.transport);
  const name = fileName(id);
  return (
    <section className="ts-detail" aria-label={`Caption of ${name}`}>
      {hidePreview || !transport ? (
        <CaptionEditor id={id} />
      ) : (
        <PaneGroup layoutKey="detail:preview+editor" orientation="vertical" className="ts-detail-split">
          <Panel id="preview" defaultSize="38%" minSize="90px">
            <ImagePreview key={id} src={transport.mediaUrl(id)} name={name} />
          </Panel>
          <ResizeHandle label="Resize the preview" orientation="horizontal" />
          <Panel id="editor" minSize="300px">
            <CaptionEditor id={id} />
          </Panel>
        </PaneGroup>
      )}
    </section>
  );
}

function CaptionEditor({ id }: { id: string }) {
  const openAutoCaption = useStore((s) => s.openAutoCaption);
  const hidePreview = useStore((s) => s.prefs.hidePreview);
  const { image, draft, doc, commit, readOnly } = useCaptionDoc(id);
  const ctx = useOpContext();
  const [rawView, setRawView] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // Another folder's image of the same name (a web page whose server now serves another) is another image.
  const root = useStore((s) => s.info?.root);
  const triggers = useMemo(() => new Set(ctx.triggerWords), [ctx.triggerWords]);
  const present = useMemo(() => new Set(doc.tags), [doc.tags]);
  // The caption as the file holds it (parsed once, in the store): the text fields undo down to it.
  const saved = useStore((s) => s.docs[id] ?? null);
  const locked = readOnly !== null;
  const scrollRef = useRef<HTMLDivElement>(null);

  // Each image starts at the top of the panel, whatever the last one scrolled to.
  useLayoutEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setNotice(null);
  }, [id, root]);

  const setRawLine = (line: string) => {
    // Replacing line 1 only: the BOM and the lines after it come from the current doc, untouched.
    const { bom, rest } = doc.layout;
    const next = parseCaption((bom ? '\uFEFF' : '') + line + rest);
    if (serializeCaption(next) !== serializeCaption(doc)) commit(next);
  };

  /** A chip or quick-tag edit: saved at once as its own undo step. */
  const commitNow = (next: CaptionDoc, label: string) => commit(next, { now: true, label });

  const onAdd = (entry: Entry) => {
    const outcome = addToCaption(doc, entry, ctx);
    if (outcome.doc !== doc) commitNow(outcome.doc, outcome.label);
    if (outcome.already[0] !== undefined) useStore.getState().flashChip(outcome.already[0]);
    setNotice(outcome.notice);
  };

  const focusAddTag = useCallback(() => useStore.getState().requestFocus('addTag'), []);

  return (
    <div className="ts-editor" ref={scrollRef}>
      <DetailHeader id={id} status={draft?.status ?? null} hasFile={image?.caption != null} />
      {readOnly && (
        <p className="ts-error" role="alert">
          This caption cannot be edited: {readOnly}
        </p>
      )}
      {draft?.status === 'conflict' && <ConflictBanner id={id} theirs={draft.theirs ?? null} />}
      {draft?.status === 'empty' && <EmptyCaptionBanner id={id} before={draft.base} />}
      {draft?.status === 'error' && (
        <p className="ts-error" role="alert">
          Not saved: {draft.error}
        </p>
      )}
      {rawView ? (
        <RawEditor key={id} line={firstLine(doc)} savedLine={saved ? firstLine(saved) : ''} disabled={locked} onChange={setRawLine} />
      ) : (
        <>
          <QuickTagRow captions={[doc.tags]} disabled={locked} />
          <TagChipList
            tags={doc.tags}
            triggers={triggers}
            disabled={locked}
            onChange={(tags, label) => commitNow(editCaption(doc, { tags }, ctx.separator), label)}
            onRename={(from, to) => commitNow(applyOps(doc, [{ op: 'replace', from, to }], ctx), `rename ${from} to ${to}`)}
            onDedupe={() => commitNow(applyOps(doc, [{ op: 'dedupe' }], ctx), 'remove duplicate tags')}
            onEmptied={focusAddTag}
          />
          <AddTagInput present={present} disabled={locked} onAdd={onAdd} notice={notice} />
          <ProseEditor key={id} prose={doc.prose} savedProse={saved?.prose ?? ''} disabled={locked} onChange={(prose) => commit(editCaption(doc, { prose }, ctx.separator))} />
        </>
      )}
      <div className="ts-row ts-line-tools">
        <TokenEstimate line={firstLine(doc)} />
        <span className="ts-row">
          <button type="button" disabled={locked} onClick={() => openAutoCaption(id)} title="Auto-caption this image again: the new caption is shown for Accept or Discard before anything is written">
            Re-caption
          </button>
          <button type="button" aria-pressed={rawView} onClick={() => setRawView((v) => !v)} title="Edit line 1 as plain text">
            Text view
          </button>
          <button type="button" aria-pressed={hidePreview} onClick={() => useStore.getState().setPrefs({ hidePreview: !hidePreview })} title="More room for the caption">
            Hide preview
          </button>
        </span>
      </div>
    </div>
  );
}

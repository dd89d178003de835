import { lazy, Suspense } from 'react';
import { Panel } from 'react-resizable-panels';
import DetailPanel from '../detail/DetailPanel.tsx';
import { GridToolbar } from '../grid/GridToolbar.tsx';
import { ImageBrowser } from '../grid/ImageBrowser.tsx';
import { TagSidebar } from '../sidebar/TagSidebar.tsx';
import { useStore } from '../store/index.ts';
import { loadPatternEngine } from '../pattern-engine.ts';
import { PaneGroup } from './PaneGroup.tsx';
import { ResizeHandle } from './ResizeHandle.tsx';
import './layout.css';

// The docked panels load when first opened (chunks of their own): the first screen evaluates less script.
// With the pattern engine: the panel checks its steps' patterns as they are typed.
const BatchPanel = lazy(() => Promise.all([import('../batch/BatchPanel.tsx'), loadPatternEngine()]).then(([panel]) => panel));
const LintPanel = lazy(() => import('../lint/LintPanel.tsx'));
const TrainerCheckPanel = lazy(() => import('../trainercheck/TrainerCheckPanel.tsx'));

/*
 * The three working panes (tags, images, the image's caption) side by side, each resizable, with room
 * at 1280 px for a fourth docked panel (batch, lint, trainer check). Sizes start in
 * pixels for the narrow panes and a share for the caption panel, so a 1920 px screen gives the editor
 * more room instead of a wider grid only.
 */
export function Workspace() {
  const lintOpen = useStore((s) => s.lintOpen);
  const batchOpen = useStore((s) => s.panels.batch);
  const checkOpen = useStore((s) => s.panels.trainerCheck);
  const layoutKey = ['workspace:sidebar+center+detail', batchOpen && 'batch', lintOpen && 'lint', checkOpen && 'check'].filter(Boolean).join('+');
  return (
    <PaneGroup layoutKey={layoutKey} orientation="horizontal" className="app-body">
      <Panel id="sidebar" defaultSize="220px" minSize="150px" maxSize="35%">
        <aside className="app-sidebar" aria-label="Tags">
          <TagSidebar />
        </aside>
      </Panel>
      <ResizeHandle label="Resize the tag list" />
      <Panel id="center" minSize="260px">
        <main className="app-center">
          <GridToolbar />
          <ImageBrowser />
        </main>
      </Panel>
      <ResizeHandle label="Resize the caption panel" />
      <Panel id="detail" defaultSize={lintOpen || checkOpen || batchOpen ? '25%' : '36%'} minSize="320px" maxSize="70%">
        <aside className="app-detail" aria-label="Image details">
          <DetailPanel />
        </aside>
      </Panel>
      {batchOpen && (
        <>
          <ResizeHandle label="Resize the batch panel" />
          <Panel id="batch" defaultSize="28%" minSize="300px" maxSize="50%">
            <Suspense fallback={null}>
              <BatchPanel onClose={() => useStore.getState().setPanel('batch', false)} />
            </Suspense>
          </Panel>
        </>
      )}
      {lintOpen && (
        <>
          <ResizeHandle label="Resize the lint panel" />
          <Panel id="lint" defaultSize="25%" minSize="280px" maxSize="50%">
            <Suspense fallback={null}>
              <LintPanel />
            </Suspense>
          </Panel>
        </>
      )}
      {checkOpen && (
        <>
          <ResizeHandle label="Resize the trainer check panel" />
          <Panel id="trainer-check" defaultSize="26%" minSize="300px" maxSize="50%">
            <Suspense fallback={null}>
              <TrainerCheckPanel onClose={() => useStore.getState().setPanel('trainerCheck', false)} />
            </Suspense>
          </Panel>
        </>
      )}
    </PaneGroup>
  );
}

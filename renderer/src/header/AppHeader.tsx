import { FilterBar } from '../filter/FilterBar.tsx';
import { useStore } from '../store/index.ts';
import { Counts } from './Counts.tsx';
import { RecentFolders } from './RecentFolders.tsx';

export function AppHeader() {
  const name = useStore((s) => s.info?.name ?? null);
  const autoCaptionOpen = useStore((s) => s.autoCaptionDialog !== null);
  const openAutoCaption = useStore((s) => s.openAutoCaption);
  const lintOpen = useStore((s) => s.lintOpen);
  const exportOpen = useStore((s) => s.panels.export);
  const batchOpen = useStore((s) => s.panels.batch);
  const checkOpen = useStore((s) => s.panels.trainerCheck);
  const setPanel = useStore((s) => s.setPanel);
  return (
    <header className="app-header">
      <div className="app-brand">
        <h1 className="app-brand-name">Tagsmith</h1>
        {name !== null && <span className="app-brand-dataset" title={name}>{name}</span>}
      </div>
      <RecentFolders />
      <FilterBar />
      <Counts />
      <button type="button" className="btn" aria-expanded={autoCaptionOpen} onClick={() => openAutoCaption()}>
        Auto-caption…
      </button>
      <button type="button" className="btn btn-primary" aria-expanded={batchOpen} onClick={() => setPanel('batch', !batchOpen)}>
        Batch…
      </button>
      <button
        type="button"
        className="btn"
        aria-expanded={lintOpen}
        title="Check captions for what confuses training"
        onClick={() => (lintOpen ? useStore.getState().closeLint() : useStore.getState().openLint())}
      >
        Lint
      </button>
      <button type="button" className="btn" aria-expanded={checkOpen} title="What kohya, ai-toolkit or OneTrainer will load and train from this folder" onClick={() => setPanel('trainerCheck', !checkOpen)}>
        Trainer check
      </button>
      <button type="button" className="btn" aria-expanded={exportOpen} onClick={() => setPanel('export', true)}>
        Export…
      </button>
    </header>
  );
}

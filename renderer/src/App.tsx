import { useState } from 'react';
import { useGlobalShortcuts } from './actions/useGlobalShortcuts.ts';
import AutoCaptionDialog from './autocaption/AutoCaptionDialog.tsx';
import JobPanel from './autocaption/JobPanel.tsx';
import BatchPanel from './batch/BatchPanel.tsx';
import DetailPanel from './detail/DetailPanel.tsx';
import { GridToolbar } from './grid/GridToolbar.tsx';
import { ImageGrid } from './grid/ImageGrid.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import ExportDialog from './export/ExportDialog.tsx';
import LintPanel from './lint/LintPanel.tsx';
import { TagSidebar } from './sidebar/TagSidebar.tsx';
import { StatusBar } from './status/StatusBar.tsx';
import { useStore } from './store/index.ts';
import './styles/app.css';

/** Layout shell only: every region is its own component reading the store. */
export default function App() {
  useGlobalShortcuts(useStore);
  const [batchOpen, setBatchOpen] = useState(false);
  const lintOpen = useStore((s) => s.lintOpen);
  return (
    <div className={lintOpen ? 'app has-lint' : 'app'}>
      <AppHeader batchOpen={batchOpen} onToggleBatch={() => setBatchOpen((open) => !open)} />
      <aside className="app-sidebar" aria-label="Tags">
        <TagSidebar />
      </aside>
      <main className="app-center">
        <GridToolbar />
        <ImageGrid />
      </main>
      {/* Slot: the detail panel (renderer/src/detail/, written alongside this shell). */}
      <aside className="app-detail" aria-label="Image details">
        <DetailPanel />
      </aside>
      {/* The lint panel docks right of the detail panel while open (lint/lint.css). */}
      <LintPanel />
      {/* The auto-caption job panel sits above the status bar while there is a job to show. */}
      <div className="app-dock">
        <JobPanel />
        <StatusBar />
      </div>
      <AutoCaptionDialog />
      <ExportDialog />
      {/* Slot: the batch panel (renderer/src/batch/), open while the header's Batch button is pressed. */}
      {batchOpen && <BatchPanel onClose={() => setBatchOpen(false)} />}
    </div>
  );
}

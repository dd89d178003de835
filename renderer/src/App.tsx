import { lazy, Suspense, useEffect } from 'react';
import { useGlobalShortcuts } from './actions/useGlobalShortcuts.ts';
import JobPanel from './autocaption/JobPanel.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import KeyboardHelp from './help/KeyboardHelp.tsx';
import { Workspace } from './layout/Workspace.tsx';
import { StatusBar } from './status/StatusBar.tsx';
import { useStore } from './store/index.ts';
import './styles/app.css';

// Dialogs in chunks of their own (with what only they use: the YAML writer, the trainers' configs):
// the first screen evaluates less script. Each is mounted when first opened, so its chunk is not
// fetched and evaluated while the first screen renders; they are fetched once the page is idle, so
// opening one later does not wait for the network.
const dialogChunks = {
  autoCaption: () => import('./autocaption/AutoCaptionDialog.tsx'),
  export: () => import('./export/ExportDialog.tsx'),
  quickTags: () => import('./quicktags/QuickTagsDialog.tsx'),
  tagReview: () => import('./tagreview/TagReview.tsx'),
};
const AutoCaptionDialog = lazy(dialogChunks.autoCaption);
const ExportDialog = lazy(dialogChunks.export);
const QuickTagsDialog = lazy(dialogChunks.quickTags);
const TagReview = lazy(dialogChunks.tagReview);
/** Long enough for the first screen's thumbnails; requestIdleCallback alone fires between them. */
const PREFETCH_AFTER_MS = 3000;

/** Layout shell only: every region is its own component reading the store. */
export default function App() {
  useGlobalShortcuts(useStore);
  const prefsLoaded = useStore((s) => s.prefsLoaded);
  const autoCaptionOpen = useStore((s) => s.autoCaptionDialog !== null);
  const exportOpen = useStore((s) => s.panels.export);
  const quickTagsOpen = useStore((s) => s.panels.quickTags);
  const tagReviewOpen = useStore((s) => s.tagReview !== null);
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const load of Object.values(dialogChunks)) void load().catch(() => undefined);
    }, PREFETCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div className="app">
      <AppHeader />
      {/* The panes wait for the saved layout (one local request), so they never jump after it arrives. */}
      {prefsLoaded ? <Workspace /> : <div className="app-body" aria-busy="true" />}
      {/* The auto-caption job panel sits above the status bar while there is a job to show. */}
      <div className="app-dock">
        <JobPanel />
        <StatusBar />
      </div>
      <KeyboardHelp />
      <Suspense fallback={null}>
        {autoCaptionOpen && <AutoCaptionDialog />}
        {exportOpen && <ExportDialog />}
        {quickTagsOpen && <QuickTagsDialog />}
        {tagReviewOpen && <TagReview />}
      </Suspense>
    </div>
  );
}

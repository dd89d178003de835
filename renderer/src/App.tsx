import { lazy, Suspense } from 'react';
import { useGlobalShortcuts } from './actions/useGlobalShortcuts.ts';
import JobPanel from './autocaption/JobPanel.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import KeyboardHelp from './help/KeyboardHelp.tsx';
import { Workspace } from './layout/Workspace.tsx';
import { StatusBar } from './status/StatusBar.tsx';
import { useStore } from './store/index.ts';
import './styles/app.css';

// Dialogs in chunks of their own (with what only they use: the YAML writer, the trainers' configs):
// the first screen evaluates less script, and they arrive while the grid's thumbnails load.
const AutoCaptionDialog = lazy(() => import('./autocaption/AutoCaptionDialog.tsx'));
const ExportDialog = lazy(() => import('./export/ExportDialog.tsx'));
const QuickTagsDialog = lazy(() => import('./quicktags/QuickTagsDialog.tsx'));
const TagReview = lazy(() => import('./tagreview/TagReview.tsx'));

/** Layout shell only: every region is its own component reading the store. */
export default function App() {
  useGlobalShortcuts(useStore);
  const prefsLoaded = useStore((s) => s.prefsLoaded);
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
        <AutoCaptionDialog />
        <ExportDialog />
        <QuickTagsDialog />
        <TagReview />
      </Suspense>
    </div>
  );
}

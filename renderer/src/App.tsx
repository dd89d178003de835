import { useGlobalShortcuts } from './actions/useGlobalShortcuts.ts';
import AutoCaptionDialog from './autocaption/AutoCaptionDialog.tsx';
import JobPanel from './autocaption/JobPanel.tsx';
import ExportDialog from './export/ExportDialog.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import KeyboardHelp from './help/KeyboardHelp.tsx';
import QuickTagsDialog from './quicktags/QuickTagsDialog.tsx';
import TagReview from './tagreview/TagReview.tsx';
import { Workspace } from './layout/Workspace.tsx';
import { StatusBar } from './status/StatusBar.tsx';
import { useStore } from './store/index.ts';
import './styles/app.css';

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
      <AutoCaptionDialog />
      <ExportDialog />
      <KeyboardHelp />
      <QuickTagsDialog />
      <TagReview />
    </div>
  );
}

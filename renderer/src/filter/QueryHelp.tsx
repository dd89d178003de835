import { QUERY_HELP } from '../../../shared/query/index.ts';

/** The query language reference in a native popover (light dismiss and Escape for free). */
export function QueryHelp() {
  return (
    <>
      <button type="button" className="btn btn-quiet btn-icon" popoverTarget="query-help" aria-label="Query help" title="Query help">
        ?
      </button>
      <div id="query-help" className="query-help" popover="auto" role="dialog" aria-label="Query language help">
        <div className="query-help-head">
          <strong>Filter query language</strong>
          <button type="button" className="btn btn-quiet btn-icon" popoverTarget="query-help" popoverTargetAction="hide" aria-label="Close help">
            ×
          </button>
        </div>
        <pre className="query-help-text">{QUERY_HELP}</pre>
      </div>
    </>
  );
}

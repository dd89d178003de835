import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import { targetRecords } from '../editing/plan.ts';
import { createVisionClient, endpointFor, resolveApiKey } from '../llm/client.ts';
import type { BatchTarget } from '../../../shared/contract/models.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

type JobHandlers = Pick<Handlers, 'job.start' | 'job.get' | 'job.cancel' | 'job.resume' | 'job.commit' | 'job.discard' | 'llm.check' | 'models.list'>;

export function jobHandlers(session: Session): JobHandlers {
  return {
    'job.start': async ({ target, settings, remember, review }) => {
      const ids = targetIds(session, target);
      if (remember) await session.dataset().updateSettings({ autoCaption: settings });
      return unwrap(await session.jobs().start(ids, settings, { review }));
    },
    'job.get': () => session.jobs().get(),
    'job.cancel': () => session.jobs().cancel(),
    'job.resume': async ({ retryFailed }) => unwrap(await session.jobs().resume(retryFailed)),
    'job.commit': async () => unwrap(await session.jobs().commit()),
    'job.discard': async () => unwrap(await session.jobs().discard()),
    // check() (llm/check.ts) bounds its own wait and makes one attempt.
    'llm.check': ({ llm }) => createVisionClient(endpointFor(llm, resolveApiKey())).check(),
    // From the hub cache the session's jobs resolve models in: local files only, no network.
    'models.list': () => session.jobs().listModels(),
  };
}

function targetIds(session: Session, target: BatchTarget): string[] {
  const request = target.kind === 'filter' ? { filter: target.query } : target.kind === 'ids' ? { ids: target.ids } : {};
  const records = targetRecords(session.dataset(), request);
  // Kept whole (message, query, caret line), as batch.preview does: the UI shows where the query went wrong.
  if (!records.ok && records.error.kind === 'query-syntax') throw new HandlerError('invalid-query', records.error.message);
  return unwrap(records).map((r) => r.relPath);
}

import { HandlerError, type Handlers } from '../../../shared/contract/api.ts';
import { targetRecords } from '../editing/plan.ts';
import { saveTaggerDevice, taggerDevice } from '../config/tagger-config.ts';
import { llmServers } from '../../../shared/autocaption/config.ts';
import { gateLlmUrl, isTrustedUrl, keyFor, LLM_URL_UNCONFIRMED, normaliseUrl, type KeySources } from '../config/llm-config.ts';
import { createVisionClient, endpointFor } from '../llm/client.ts';
import type { BatchTarget } from '../../../shared/contract/models.ts';
import type { Session } from '../session/session.ts';
import { unwrap } from './errors.ts';

type JobHandlers = Pick<Handlers, 'job.start' | 'job.get' | 'job.cancel' | 'job.resume' | 'job.commit' | 'job.discard' | 'llm.check' | 'llm.url' | 'models.list' | 'tagger.device'>;

/**
 * `configFile`: the per-user config file holding API keys (with the URL each is for) and the dataset
 * LLM URLs this user confirmed (config/llm-config.ts).
 */
export function jobHandlers(session: Session, configFile: string): JobHandlers {
  const sources: KeySources = { configFile };
  // Before any request goes to a URL: one that came with the dataset must have been confirmed.
  const gate = async (baseUrl: string, confirm: boolean, remember: boolean) => {
    // Every server the dataset names (the main one and the extra ones) came with it alike.
    const saved = llmServers(session.dataset().settings().autoCaption.llm).map((s) => s.baseUrl);
    const savedUrl = saved.find((url) => normaliseUrl(url) === normaliseUrl(baseUrl)) ?? null;
    const gated = unwrap(await gateLlmUrl({ configFile, root: session.root, baseUrl, savedUrl, confirm, remember, sources }));
    if (gated.rememberProblem) {
      session.emit('notice', { level: 'warning', message: `the confirmation of ${baseUrl} is not remembered: ${gated.rememberProblem.message}` });
    }
  };
  return {
    'job.start': async ({ target, settings, remember, review, confirmUrl, device }) => {
      const ids = targetIds(session, target);
      // Remembered whenever it passes, so resuming this job later needs no new confirmation.
      if (settings.useLlm) for (const server of llmServers(settings.llm)) await gate(server.baseUrl, confirmUrl, true);
      if (remember) await session.dataset().updateSettings({ autoCaption: settings });
      // A machine setting: saved in the per-user file, where the job reads it when it loads the model.
      if (device !== undefined) {
        const saved = await saveTaggerDevice(configFile, device);
        if (!saved.ok) session.emit('notice', { level: 'warning', message: `the tagger device ${device} is not saved, so the config file's device is used: ${saved.error.message}` });
      }
      return unwrap(await session.jobs().start(ids, settings, { review }));
    },
    'job.get': () => session.jobs().get(),
    'job.cancel': () => session.jobs().cancel(),
    'job.resume': async ({ retryFailed }) => {
      // A saved job is a file in the dataset folder: one that came with a shared dataset sends nothing unconfirmed.
      for (const url of await session.jobs().pausedLlmUrls()) {
        if (await isTrustedUrl(configFile, session.root, url, sources)) continue;
        throw new HandlerError(LLM_URL_UNCONFIRMED, `not resumed: the paused job sends images to ${url.trim()}, which is not confirmed for this dataset on this machine; test that URL in the Auto-caption dialog to confirm it, or discard the job`);
      }
      return unwrap(await session.jobs().resume(retryFailed));
    },
    'job.commit': async () => unwrap(await session.jobs().commit()),
    'job.discard': async () => unwrap(await session.jobs().discard()),
    // check() (llm/check.ts) bounds its own wait and makes one attempt.
    'llm.check': async ({ llm, confirmUrl }) => {
      await gate(llm.baseUrl, confirmUrl, false);
      return createVisionClient(endpointFor(llm, await keyFor(llm.baseUrl, sources))).check();
    },
    'llm.url': async ({ baseUrl }) => ({ confirmed: await isTrustedUrl(configFile, session.root, baseUrl, sources) }),
    // From the hub cache the session's jobs resolve models in: local files only, no network.
    'models.list': () => session.jobs().listModels(),
    'tagger.device': async () => ({ device: await taggerDevice(configFile) }),
  };
}

function targetIds(session: Session, target: BatchTarget): string[] {
  const request = target.kind === 'filter' ? { filter: target.query } : target.kind === 'ids' ? { ids: target.ids } : {};
  const records = targetRecords(session.dataset(), request);
  // Kept whole (message, query, caret line), as batch.preview does: the UI shows where the query went wrong.
  if (!records.ok && records.error.kind === 'query-syntax') throw new HandlerError('invalid-query', records.error.message);
  return unwrap(records).map((r) => r.relPath);
}

import { Option, type Command } from 'commander';
import { PRESET_ID_INPUTS, canonicalPresetId } from '../../../models/prompts.ts';
import { DEFAULT_WD14_MODEL } from '../../../models/wd14.ts';
import { AutoCaptionSettingsSchema, LLM_APIS, MERGE_MODES, type AutoCaptionSettings, type LlmExtraEndpoint } from '../../../shared/autocaption/config.ts';
import { TAGGER_DEVICES, type TaggerDevice } from '../../../shared/autocaption/device.ts';
import { inShard, parseShard, type Shard } from '../../../shared/autocaption/shard.ts';
import { compileQuery, formatQueryError } from '../../../shared/query/index.ts';
import { CliError, usageError } from '../errors.ts';
import { parseExtraLlm } from '../extra-llm-flag.ts';

interface CommonFlags {
  mode?: AutoCaptionSettings['mode'];
  filter?: string;
  general?: number;
  character?: number;
  mcut?: boolean;
  rating?: boolean;
  batchSize?: number;
  device?: TaggerDevice;
  restart?: boolean;
  shard?: Shard;
}
interface TagFlags extends CommonFlags { model?: string }
interface CaptionFlags extends CommonFlags {
  llm?: string;
  llmModel?: string;
  extraLlm?: LlmExtraEndpoint[];
  api?: (typeof LLM_APIS)[number];
  preset?: (typeof PRESET_ID_INPUTS)[number];
  focus?: string;
  context?: string;
  sentences?: number;
  tagger?: string | false;
  concurrency?: number;
  timeout?: number;
  retries?: number;
  maxSide?: number;
  maxTokens?: number;
  numCtx?: number;
  promptTags?: boolean;
}

const number = (name: string, min: number, max: number, integer = false) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw usageError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
};

const shardFlag = (value: string): Shard => {
  const shard = parseShard(value);
  if (!shard.ok) throw usageError(shard.error);
  return shard.value;
};

function addCommon(command: Command): Command {
  return command
    .argument('<dir>', 'dataset folder')
    .addOption(new Option('--mode <mode>', 'skip: leave captioned images; append: add only new tags; replace: write anew').choices(MERGE_MODES))
    .option('--filter <query>', 'only images matching this query (see `tagsmith help-query`)')
    .option('--general <threshold>', 'general tag threshold (default 0.35)', number('--general', 0, 1))
    .option('--character <threshold>', 'character tag threshold (default 0.85)', number('--character', 0, 1))
    .option('--mcut', 'per-image threshold at the largest gap of the scores (MCut)')
    .option('--rating', 'add the most likely rating tag')
    .option('--batch-size <n>', 'images per tagger batch (default: 4 on the CPU, 16 on a GPU)', number('--batch-size', 1, 64, true))
    .addOption(new Option('--device <device>', 'where the tagger runs, this run only (default: the per-user config file\'s tagger.device, else auto: the best GPU provider present, else the CPU)').choices(TAGGER_DEVICES))
    .option('--restart', 'discard an unfinished job with other settings instead of refusing')
    .option('--shard <i/n>', 'only the i-th of n stable parts of the images (by a hash of each path): n machines sharing the folder run 1/n ... n/n; each part is its own undo step and resumes alone', shardFlag);
}

export function registerAutoCaption(program: Command): void {
  const tag = addCommon(program.command('tag').description('tag images with a WD14 tagger (one undoable step; resumable)'))
    .option('--model <id|folder>', `WD14 model: a registry id (e.g. ${DEFAULT_WD14_MODEL}) or a folder with model.onnx + selected_tags.csv (default: the dataset's setting, else ${DEFAULT_WD14_MODEL})`);
  tag.action(async (dir: string, flags: TagFlags) => {
    await run(dir, flags, (saved) => ({
      ...saved,
      useTagger: true,
      useLlm: false,
      // The dataset's tagger already falls back to the registry default (TaggerConfigSchema).
      tagger: taggerWith(saved, flags, flags.model ?? saved.tagger.model),
      mode: flags.mode ?? saved.mode,
    }));
  });

  const caption = addCommon(program.command('caption').description('tag, then describe each image with a vision LLM, merged into one line (one undoable step; resumable)'))
    .option('--llm <url>', 'LLM server base URL (OpenAI-compatible: http://127.0.0.1:8080/v1; Ollama: http://127.0.0.1:11434); default: the one set in the editor for this dataset')
    .option('--llm-model <name>', 'model name as the server knows it (default: the dataset\'s setting)')
    .option('--extra-llm <url[,model[,n]]>', 'one more server sharing the images (repeatable): its base URL, model (default --llm-model\'s) and concurrency (default 2); an image a server fails with a network error or 5xx goes to another, a server failing several in a row is retired for the job. Default: the dataset\'s extra servers, none with --llm', parseExtraLlm)
    .addOption(new Option('--api <api>', 'API type (default: openai with --llm, else the dataset\'s setting)').choices(LLM_APIS))
    .addOption(new Option('--preset <preset>', 'prompt preset (joycaption and qwen-vl are read as joycaption-beta-one and qwen3-vl-instruct)').choices(PRESET_ID_INPUTS))
    .option('--focus <text>', 'what the sentences should describe (dataset setting by default)')
    .option('--context <text>', 'a hint about the dataset for the LLM (dataset setting by default)')
    .option('--sentences <n>', 'sentences per caption (dataset setting by default, 3)', number('--sentences', 1, 20, true))
    .option('--tagger <id|folder>', 'WD14 model for the grounding tags (the dataset setting by default)')
    .option('--no-tagger', 'describe without tags')
    .option('--concurrency <n>', 'LLM requests at once (default 2)', number('--concurrency', 1, 32, true))
    .option('--timeout <seconds>', 'per-request timeout (default 120)', number('--timeout', 1, 3600))
    .option('--retries <n>', 'retries on 429, 5xx and network errors (default 3)', number('--retries', 0, 10, true))
    .option('--max-side <px>', 'longest side of the image sent to the LLM (default: the preset\'s, 1024; ToriiGate 633)', number('--max-side', 64, 4096, true))
    .option('--max-tokens <n>', 'output limit per answer (default: the preset\'s, else 40 per sentence + 100; thinking models 8192)', number('--max-tokens', 16, 65_536, true))
    .option('--num-ctx <n>', 'Ollama context size, raised when image + prompt + answer need more (default 8192)', number('--num-ctx', 2048, 262_144, true))
    .option('--prompt-tags', 'send the tags to the LLM even where the preset leaves them out (JoyCaption: experimental)')
    .option('--no-prompt-tags', 'send no tags to the LLM');
  caption.addHelpText('after', [
    '',
    'API keys (OpenRouter and other hosted servers) are sent only to the URL they are configured for:',
    '  TAGSMITH_LLM_API_KEY to TAGSMITH_LLM_BASE_URL, or to this --llm URL when TAGSMITH_LLM_BASE_URL is unset;',
    '  OPENAI_API_KEY to OPENAI_BASE_URL (default https://api.openai.com/v1), or to --llm when that is unset;',
    '  OPENROUTER_API_KEY to https://openrouter.ai; a key in the per-user config file to its own baseUrl.',
    'Keys are never read from or written to the dataset.',
  ].join('\n'));
  caption.action(async (dir: string, flags: CaptionFlags) => {
    await run(dir, flags, async (saved, root) => {
      const { extraEndpoints: savedExtra, ...llm } = saved.llm;
      const extra = flags.extraLlm ?? (flags.llm !== undefined ? [] : savedExtra ?? []);
      // Without --llm the server is the one chosen in the editor, which the settings file must really
      // name: its parsed form always holds the schema's default address.
      if (flags.llm === undefined && (await (await import('../saved-llm-url.ts')).savedLlmUrl(root)) === null) {
        throw usageError('no LLM server is set for this dataset: pass --llm <base URL> (and --llm-model <name>), or set the server in the editor\'s Auto-caption dialog');
      }
      return {
        ...saved,
        useLlm: true,
        useTagger: flags.tagger !== false && (typeof flags.tagger === 'string' || saved.useTagger),
        tagger: taggerWith(saved, flags, typeof flags.tagger === 'string' ? flags.tagger : saved.tagger.model),
        llm: {
          ...llm,
          // A typed URL keeps the old default API; the dataset's URL goes with the dataset's API.
          api: flags.api ?? (flags.llm !== undefined ? 'openai' : llm.api),
          baseUrl: flags.llm ?? llm.baseUrl,
          model: flags.llmModel ?? llm.model,
          preset: flags.preset !== undefined ? canonicalPresetId(flags.preset) : llm.preset,
          concurrency: flags.concurrency ?? llm.concurrency,
          timeoutMs: flags.timeout !== undefined ? Math.round(flags.timeout * 1000) : llm.timeoutMs,
          retries: flags.retries ?? llm.retries,
          maxSide: flags.maxSide ?? llm.maxSide,
          maxTokens: flags.maxTokens ?? llm.maxTokens,
          numCtx: flags.numCtx ?? llm.numCtx,
          promptTags: flags.promptTags ?? llm.promptTags,
          // Servers typed here replace the dataset's; a typed --llm alone means that one server. None
          // is no list at all, so the plan of a job saved before extra servers existed still matches.
          ...(extra.length > 0 ? { extraEndpoints: extra } : {}),
        },
        mode: flags.mode ?? saved.mode,
      };
    }, { focus: flags.focus, context: flags.context, sentences: flags.sentences }, flags.llm, (flags.extraLlm ?? []).map((e) => e.baseUrl));
  });
}

function taggerWith(saved: AutoCaptionSettings, flags: CommonFlags, model: string): AutoCaptionSettings['tagger'] {
  return {
    ...saved.tagger,
    model,
    general: flags.general ?? saved.tagger.general,
    character: flags.character ?? saved.tagger.character,
    mcut: flags.mcut ?? saved.tagger.mcut,
    rating: flags.rating ?? saved.tagger.rating,
    batchSize: flags.batchSize ?? saved.tagger.batchSize,
  };
}

async function run(
  dir: string,
  flags: CommonFlags,
  configure: (saved: AutoCaptionSettings, root: string) => AutoCaptionSettings | Promise<AutoCaptionSettings>,
  prompt: { focus?: string; context?: string; sentences?: number } = {},
  /** The `--llm` URL typed on this command line (none: the URL, if any, comes from the dataset). */
  typedLlmUrl?: string,
  /** The `--extra-llm` URLs typed on this command line. */
  typedExtraUrls: readonly string[] = [],
): Promise<void> {
  const query = compileQuery(flags.filter ?? '');
  if (!query.ok) throw usageError(formatQueryError(flags.filter ?? '', query.error));
  // Loaded here, not at the top: the job pulls in onnxruntime-node, sharp and the LLM clients (see program.ts).
  const [{ openDataset }, { targetRecords }, { runJobFromCli }] = await Promise.all([import('../open.ts'), import('../../core/editing/plan.ts'), import('../run-job.ts')]);
  const dataset = await openDataset(dir);
  const settings = AutoCaptionSettingsSchema.parse(await configure(dataset.settings().autoCaption, dataset.root));
  const targets = targetRecords(dataset, { filter: flags.filter });
  if (!targets.ok) throw new CliError(targets.error.message);
  const { shard } = flags;
  const ids = targets.value.map((r) => r.relPath).filter((id) => !shard || inShard(id, shard));
  const defined = Object.fromEntries(Object.entries(prompt).filter(([, v]) => v !== undefined));
  await runJobFromCli(dataset, ids, settings, defined, { restart: flags.restart ?? false, typedLlmUrl, typedExtraUrls, device: flags.device, ...(shard ? { shard } : {}) });
}

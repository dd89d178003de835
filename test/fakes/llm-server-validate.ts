// Request checks for the fake LLM server, as strict as the real servers: a request the fake accepts
// must be one llama.cpp / vLLM (OpenAI API) or Ollama (native API) would accept too.

export interface ParsedChat {
  model: string;
  system: string | null;
  prompt: string;
  sampling: { temperature?: number; top_p?: number; top_k?: number; presence_penalty?: number; max_tokens?: number };
  images: number;
  imageBytes: number;
  /** Ollama's options.num_ctx, when sent. */
  numCtx?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROLES = new Set(['system', 'user', 'assistant']);
const JPEG_DATA_URL = 'data:image/jpeg;base64,';

/** The parsed request, or the 400 message. */
export function validateOpenAi(body: unknown): ParsedChat | string {
  if (!isRecord(body)) return 'request body must be a JSON object';
  if (typeof body.model !== 'string') return '"model" must be a string';
  if (body.stream === true) return 'the fake server does not stream; send stream: false';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return '"messages" must be a non-empty array';
  let system: string | null = null;
  const texts: string[] = [];
  const images: Buffer[] = [];
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) return `messages[${i}] needs a role of system, user or assistant`;
    if (typeof m.content === 'string') {
      if (m.role === 'system') system = m.content;
      else if (m.role === 'user') texts.push(m.content);
      continue;
    }
    if (!Array.isArray(m.content)) return `messages[${i}].content must be a string or an array of parts`;
    if (m.role !== 'user') return `messages[${i}]: only user messages may carry content parts here`;
    for (const [j, part] of m.content.entries()) {
      const where = `messages[${i}].content[${j}]`;
      if (!isRecord(part)) return `${where} must be an object`;
      if (part.type === 'text') {
        if (typeof part.text !== 'string') return `${where}.text must be a string`;
        texts.push(part.text);
      } else if (part.type === 'image_url') {
        const url = isRecord(part.image_url) ? part.image_url.url : undefined;
        if (typeof url !== 'string') return `${where}.image_url.url must be a string`;
        if (!url.startsWith(JPEG_DATA_URL)) return `${where}: expected a data:image/jpeg;base64 URL`;
        const jpeg = decodeJpeg(url.slice(JPEG_DATA_URL.length));
        if (typeof jpeg === 'string') return `${where}: ${jpeg}`;
        images.push(jpeg);
      } else {
        return `${where}: unsupported content part type ${JSON.stringify(part.type)}`;
      }
    }
  }
  if (images.length === 0) return 'no image in the request: this is a vision model';
  const sampling = readSampling(body, 'max_tokens');
  if (typeof sampling === 'string') return sampling;
  return { model: body.model, system, prompt: texts.join('\n'), sampling, images: images.length, imageBytes: byteCount(images) };
}

/** The parsed request, or the 400 message (Ollama's wording where it has one). */
export function validateOllama(body: unknown): ParsedChat | string {
  if (!isRecord(body)) return 'request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model === '') return 'model is required';
  // Ollama streams unless told otherwise; the client must ask for one JSON answer.
  if (body.stream !== false) return 'the fake server does not stream; send stream: false';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return '"messages" must be a non-empty array';
  let system: string | null = null;
  const texts: string[] = [];
  const images: Buffer[] = [];
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) return `messages[${i}] needs a role of system, user or assistant`;
    if (typeof m.content !== 'string') return `messages[${i}].content must be a string`;
    if (m.role === 'system') system = m.content;
    if (m.role === 'user') texts.push(m.content);
    if (m.images === undefined) continue;
    if (!Array.isArray(m.images)) return `messages[${i}].images must be an array`;
    for (const image of m.images) {
      if (typeof image !== 'string') return `messages[${i}].images must hold base64 strings`;
      if (image.startsWith('data:')) return 'illegal base64 data at input byte 4 (images are bare base64, not data URLs)';
      const jpeg = decodeJpeg(image);
      if (typeof jpeg === 'string') return `messages[${i}].images: ${jpeg}`;
      images.push(jpeg);
    }
  }
  if (images.length === 0) return 'no image in the request: this is a vision model';
  const options = body.options === undefined ? {} : body.options;
  if (!isRecord(options)) return '"options" must be an object';
  const sampling = readSampling(options, 'num_predict');
  if (typeof sampling === 'string') return sampling;
  const numCtx = options.num_ctx;
  if (numCtx !== undefined && (typeof numCtx !== 'number' || !Number.isInteger(numCtx) || numCtx < 1)) return '"num_ctx" must be a positive integer';
  return { model: body.model, system, prompt: texts.join('\n'), sampling, images: images.length, imageBytes: byteCount(images), ...(numCtx !== undefined ? { numCtx } : {}) };
}

function decodeJpeg(b64: string): Buffer | string {
  if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return 'invalid base64';
  const bytes = Buffer.from(b64, 'base64');
  const soi = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const eoi = bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  if (!soi) return 'image is not a JPEG (no FF D8 FF start marker)';
  if (!eoi) return 'JPEG is truncated (no FF D9 end marker)';
  return bytes;
}

const byteCount = (images: Buffer[]) => images.reduce((n, b) => n + b.length, 0);

/** Sampling fields with the ranges the servers enforce; `maxField` is max_tokens or num_predict. */
function readSampling(src: Record<string, unknown>, maxField: 'max_tokens' | 'num_predict'): ParsedChat['sampling'] | string {
  const out: ParsedChat['sampling'] = {};
  const ranges: [key: 'temperature' | 'top_p' | 'top_k' | 'presence_penalty', min: number, max: number, int: boolean][] = [
    ['temperature', 0, 2, false],
    ['top_p', 0, 1, false],
    ['top_k', 0, 1000, true],
    ['presence_penalty', -2, 2, false],
  ];
  for (const [key, min, max, int] of ranges) {
    const v = src[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || v < min || v > max || (int && !Number.isInteger(v))) return `"${key}" must be ${int ? 'an integer' : 'a number'} in [${min}, ${max}]`;
    out[key] = v;
  }
  const maxTokens = src[maxField];
  if (maxTokens !== undefined) {
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) return `"${maxField}" must be a positive integer`;
    out.max_tokens = maxTokens;
  }
  return out;
}

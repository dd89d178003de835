import type { TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import { fileName } from '../../../shared/contract/ids.ts';
import { useStore } from '../store/index.ts';
import { sampleShuffle, visibleText } from './model.ts';

const NO_WORDS: readonly string[] = [];

const SOURCE_TEXT = {
  caption: 'its caption file',
  'class-tokens': 'the class tokens (no caption file)',
  none: 'no caption',
} as const;

/** The image in the detail panel as the trainer reads it: which file, the exact text, one shuffle. */
export default function ImageReadingView({ check }: { check: TrainerCheck }) {
  const focused = useStore((s) => s.focused);
  const triggerWords = useStore((s) => s.info?.settings.triggerWords ?? NO_WORDS);
  const reading = focused === null ? undefined : check.images.find((r) => r.image === focused);
  const trainer = TRAINER_NAMES[check.trainer];
  return (
    <section className="tc-image" aria-label="What the trainer reads">
      <h3>What {trainer} reads{reading ? ` for ${fileName(reading.image)}` : ''}</h3>
      {!reading ? (
        <p className="tc-note">{focused === null ? 'Pick an image to see the exact text it trains on.' : 'Not in the folder as the trainer lists it.'}</p>
      ) : reading.skipped !== null ? (
        <p className="tc-skipped">Skipped: {reading.skipped}</p>
      ) : (
        <>
          <p className="tc-note">
            From {SOURCE_TEXT[reading.source]}
            {reading.captionFile ? ` (${reading.captionFile})` : ''}
            {reading.trained.length > 1 ? `; one of ${reading.trained.length} lines, picked at random each step` : ''}
          </p>
          {reading.trained.map((text, i) => (
            <pre key={i} className="tc-text" aria-label={reading.trained.length > 1 ? `Trained text, line ${i + 1}` : 'Trained text'}>
              {text === '' ? '(empty: trains on no text)' : visibleText(text)}
            </pre>
          ))}
          <Shuffle text={reading.trained[0] ?? ''} triggerWords={triggerWords} />
        </>
      )}
    </section>
  );
}

function Shuffle({ text, triggerWords }: { text: string; triggerWords: readonly string[] }) {
  const sample = sampleShuffle(text, triggerWords);
  if (sample === null) return null;
  return (
    <>
      <p className="tc-note">One sample shuffle (tags only; the leading trigger words stay first):</p>
      <pre className="tc-text is-sample" aria-label="Sample shuffle">
        {visibleText(sample)}
      </pre>
    </>
  );
}

import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './types.ts';
import { SENTENCES, TRIGGER, variedDataset } from './testing/generated-captions.ts';
import { lintTexts } from './testing/lint-texts.ts';

/*
 * Precision: a clean set must come back with nothing at all, so that a finding means something.
 * Clean = specific captions that differ from each other, the trigger word first in every one, N
 * sentences, no filler, one spelling per tag, and no camera angle / pose / framing stated anywhere
 * (most style, object and scenery sets never state them, and that is not a defect).
 */

/** A small object set in the workflow's format, as a person would caption it. */
const OBJECTS = [
  'red teapot, white background, porcelain, steam. A red teapot stands on a white table. Thin steam rises from its spout. Its lid has a small gold knob.',
  'wooden chair, window, sunlight, oak. An oak chair faces a tall window. Sunlight lays stripes across its seat. One leg is scuffed.',
  'bicycle, brick wall, blue frame, basket. A blue bicycle leans against a brick wall. A wicker basket hangs from its handlebars. The front tyre is flat.',
  'lighthouse, cliff, stormy sky, waves. A white lighthouse rises from a rocky cliff. Grey waves break below it. Dark clouds fill the sky.',
  'cactus, terracotta pot, desk, pencils. A small cactus grows in a terracotta pot. Pencils lie scattered beside it. The desk is pale birch.',
  'umbrella, rain, yellow, puddle. A yellow umbrella lies open on wet cobbles. Rain ripples a nearby puddle. Drops bead on its canopy.',
  'old camera, leather strap, film roll. A silver camera rests on a leather strap. A film roll sits next to the lens. Dust covers the top plate.',
  'fox, snow, forest, winter. A red fox trots through deep snow. Birch trunks stand behind it. Its breath shows in the cold air.',
  'sailboat, harbour, dawn, pink sky. A small sailboat is moored in a quiet harbour. The sky glows pink at dawn. Its sail is furled.',
  'stack of books, library, candle. Five thick books are stacked on a library shelf. A candle burns on top of them. Wax drips down the spines.',
  'guitar, stage, spotlight, amplifier. An acoustic guitar leans on a black amplifier. A spotlight picks it out on an empty stage. One string is broken.',
  'bowl of ramen, chopsticks, egg, noodles. A bowl of ramen steams on a dark counter. Chopsticks rest across the rim. Half an egg floats beside the noodles.',
].map((c) => `${TRIGGER}, ${c}\n`);

describe('a clean, varied dataset produces zero findings', () => {
  it('a hand-captioned object set without camera angle, pose or framing tags', () => {
    const result = lintTexts(OBJECTS, { triggerWords: [TRIGGER], sentences: SENTENCES });
    expect(result.findings).toEqual([]);
    expect(RULE_IDS.filter((id) => result.counts[id] !== 0)).toEqual([]);
    expect(result.summary.verdict).toMatch(/^healthy: /);
  });

  it('300 generated captions with no group stated', () => {
    const items = variedDataset(300, 7, { groups: false });
    expect(items.some((i) => /\b(standing|sitting|low angle|full body|close-up)\b/.test(i.caption!))).toBe(false);
    const result = lintTexts(items.map((i) => i.caption), { triggerWords: [TRIGGER], sentences: SENTENCES });
    expect(result.findings).toEqual([]);
  });

  it('a set that states a pose on a minority of its captions: a choice, not an inconsistency', () => {
    const captions = variedDataset(100, 3, { groups: false }).map((i, n) => (n % 5 < 2 ? i.caption!.replace('1girl, solo, ', '1girl, solo, sitting, ') : i.caption));
    const result = lintTexts(captions, { triggerWords: [TRIGGER], sentences: SENTENCES });
    expect(result.findings).toEqual([]);
  });

  it('is not clean by accident: the same set with every caption the same says so', () => {
    const result = lintTexts(OBJECTS.map(() => OBJECTS[0]!), { triggerWords: [TRIGGER], sentences: SENTENCES });
    expect(result.findings.map((f) => f.rule)).toContain('identical');
  });
});

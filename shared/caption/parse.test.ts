import { describe, it, expect } from 'vitest';
import { parseCaption } from './parse.ts';

// [caption line, expected tags, expected prose]
const TABLE: Array<[string, string[], string]> = [
  // The workflow's own format: trigger, tags, then sentences.
  [
    'ohwx, 1girl, kneeling, low angle. She kneels on a wooden floor. Light falls from the left.',
    ['ohwx', '1girl', 'kneeling', 'low angle'],
    'She kneels on a wooden floor. Light falls from the left.',
  ],
  [
    'ohwx, 1girl, solo, kneeling, low angle, red dress, indoors. She kneels, smiling, on the floor. Her hands rest on her knees.',
    ['ohwx', '1girl', 'solo', 'kneeling', 'low angle', 'red dress', 'indoors'],
    'She kneels, smiling, on the floor. Her hands rest on her knees.',
  ],
  // Tags joined to prose by a comma instead of a period.
  ['ohwx, 1girl, She kneels on the floor, smiling.', ['ohwx', '1girl'], 'She kneels on the floor, smiling.'],
  ['ohwx, A woman stands in a field, holding a red umbrella.', ['ohwx'], 'A woman stands in a field, holding a red umbrella.'],
  // Prose only.
  ['She kneels, smiling, on the floor.', [], 'She kneels, smiling, on the floor.'],
  ['A woman stands in a field, holding a red umbrella.', [], 'A woman stands in a field, holding a red umbrella.'],
  ['A woman stands in a field, holding a red umbrella', [], 'A woman stands in a field, holding a red umbrella'],
  ['She smiles.', [], 'She smiles.'],
  ['Mr. Smith stands by the door. He waves.', [], 'Mr. Smith stands by the door. He waves.'],
  [
    'This image is a photograph of a young woman with long, wavy blonde hair, sitting on a wooden bench in a sunlit park. She wears a white sundress with thin straps, and her hands rest in her lap.',
    [],
    'This image is a photograph of a young woman with long, wavy blonde hair, sitting on a wooden bench in a sunlit park. She wears a white sundress with thin straps, and her hands rest in her lap.',
  ],
  [
    'Photograph of a turtle wearing striped socks, with a metal colander on its back instead of a shell. The turtle stands on a tiled kitchen floor.',
    [],
    'Photograph of a turtle wearing striped socks, with a metal colander on its back instead of a shell. The turtle stands on a tiled kitchen floor.',
  ],
  // Lowercase LLM output after tags.
  ['ohwx, 1girl, a woman kneels on a wooden floor, light from the left', ['ohwx', '1girl'], 'a woman kneels on a wooden floor, light from the left'],
  ['1girl. she kneels on the wooden floor.', ['1girl'], 'she kneels on the wooden floor.'],
  // Booru tag lists stay tags, whatever punctuation they hold.
  [
    '1girl, solo, long hair, breasts, looking at viewer, smile, open mouth, blue eyes, simple background, shirt, white background, hatsune miku',
    ['1girl', 'solo', 'long hair', 'breasts', 'looking at viewer', 'smile', 'open mouth', 'blue eyes', 'simple background', 'shirt', 'white background', 'hatsune miku'],
    '',
  ],
  ['1girl, solo.', ['1girl', 'solo'], ''],
  ['1girl, solo. ', ['1girl', 'solo'], ''],
  ['st. louis (azur lane), 1girl, formal', ['st. louis (azur lane)', '1girl', 'formal'], ''],
  ['1girl, ._., ^_^, :3, >_<, o_o, :(, :), ;_;', ['1girl', '._.', '^_^', ':3', '>_<', 'o_o', ':(', ':)', ';_;'], ''],
  ['a\\, She sits on the chair.', ['a\\'], 'She sits on the chair.'],
  ['\\(Unbalanced. She sits, 1girl', ['\\(Unbalanced'], 'She sits, 1girl'],
  ['hatsune_miku_(cosplay), \\(escaped\\), name_(series)', ['hatsune_miku_(cosplay)', '\\(escaped\\)', 'name_(series)'], ''],
  ['1girl, solo. 2girls', ['1girl', 'solo. 2girls'], ''],
  ['..., !?, ?, 1girl', ['...', '!?', '?', '1girl'], ''],
  ['1girl, ...', ['1girl', '...'], ''],
  ['1girl, ._.', ['1girl', '._.'], ''],
  ['love live! school idol project, 1girl', ['love live! school idol project', '1girl'], ''],
  ['yahari ore no seishun lovecome wa machigatteiru., 1girl', ['yahari ore no seishun lovecome wa machigatteiru.', '1girl'], ''],
  ['the legend of zelda: breath of the wild, link, 1boy', ['the legend of zelda: breath of the wild', 'link', '1boy'], ''],
  ['dr. stone, senkuu, mr. game & watch', ['dr. stone', 'senkuu', 'mr. game & watch'], ''],
  ['looking at viewer, hand on own hip, arms behind back.', ['looking at viewer', 'hand on own hip', 'arms behind back'], ''],
  // Capitalised names are not sentences.
  ['ohwx, Hatsune Miku, The Legend of Zelda, Kirisame Marisa (touhou)', ['ohwx', 'Hatsune Miku', 'The Legend of Zelda', 'Kirisame Marisa (touhou)'], ''],
  ['ohwx, Red dress, standing', ['ohwx', 'Red dress', 'standing'], ''],
  ['1girl, Mr. Smith, J. R. R. Tolkien', ['1girl', 'Mr. Smith', 'J. R. R. Tolkien'], ''],
  // A sentence break inside parentheses is not a break; a kaomoji paren does not hide the prose.
  ['1girl, hat (ver. Two), solo', ['1girl', 'hat (ver. Two)', 'solo'], ''],
  ['1girl, :(, solo. She frowns at the rain.', ['1girl', ':(', 'solo'], 'She frowns at the rain.'],
  ['1girl, surprised! She gasps.', ['1girl', 'surprised'], 'She gasps.'],
  ['1girl, smile, ^_^. She smiles at the viewer.', ['1girl', 'smile', '^_^'], 'She smiles at the viewer.'],
  ['1girl, ^_^.', ['1girl', '^_^.'], ''],
  // Odd spacing and empty segments.
  ['a ,b,,  c', ['a', 'b', 'c'], ''],
  [' , ,1girl,', ['1girl'], ''],
  ['', [], ''],
  ['   ', [], ''],
  [',,,', [], ''],
];

describe('parseCaption: tags vs prose', () => {
  it.each(TABLE)('%j', (line, tags, prose) => {
    const doc = parseCaption(line);
    expect(doc.tags).toEqual(tags);
    expect(doc.prose).toBe(prose);
  });

  it('reads only line 1; the rest of the file is not tags', () => {
    const doc = parseCaption('1girl, solo\nA second line, with, commas.\r\nthird');
    expect(doc.tags).toEqual(['1girl', 'solo']);
    expect(doc.prose).toBe('');
    expect(doc.layout.rest).toBe('\nA second line, with, commas.\r\nthird');
  });

  it('splits line 1 at a lone CR as kohya (Python universal newlines) does', () => {
    const doc = parseCaption('1girl\rsolo');
    expect(doc.tags).toEqual(['1girl']);
    expect(doc.layout.rest).toBe('\rsolo');
  });

  it('does not take a BOM into the first tag', () => {
    const doc = parseCaption('\uFEFFohwx, 1girl');
    expect(doc.tags).toEqual(['ohwx', '1girl']);
    expect(doc.layout.bom).toBe(true);
  });
});

describe('parseCaption: layout memory', () => {
  it('remembers the joiner between tags and prose', () => {
    expect(parseCaption('a, b. She sits on it.').layout.joiner).toBe('. ');
    expect(parseCaption('a, b, She sits on it.').layout.joiner).toBe(', ');
    expect(parseCaption('a, b').layout.joiner).toBeNull();
  });

  it('infers the most common single-comma separator, first seen on a tie', () => {
    expect(parseCaption('a, b, c,d').layout.separator).toBe(', ');
    expect(parseCaption('a,b,c, d').layout.separator).toBe(',');
    expect(parseCaption('a ,b, c').layout.separator).toBe(' ,');
    expect(parseCaption('a,,b, c').layout.separator).toBe(', ');
    expect(parseCaption('a').layout.separator).toBeNull();
  });

  it('keeps a tags-only terminator and trailing text apart from the last tag', () => {
    const doc = parseCaption('  1girl, solo. ');
    expect(doc.layout).toMatchObject({ lead: '  ', terminator: '.', tail: ' ' });
    expect(parseCaption('1girl, solo, ').layout).toMatchObject({ terminator: '', tail: ', ' });
  });
});

import type { Page } from '@playwright/test';
import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';

// The loop a trainer runs for hours: look, fix a tag, next image, from the keyboard alone.
// Images in grid order after img_00001: the generated dataset puts every tenth image in "set b/",
// which sorts after the root files, so the root images run img_00001..00009, img_00011...
const ROOT_ORDER = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 10 !== 9);
const txt = (i: number) => `img_${String(i + 1).padStart(5, '0')}.txt`;
const png = (i: number) => `img_${String(i + 1).padStart(5, '0')}.png`;

/** Counts mouse and pointer events from now on (the keyboard-only check). */
async function watchMouse(page: Page): Promise<() => Promise<number>> {
  // Page-side code as text: this file is type-checked without DOM types.
  await page.evaluate(`(() => {
    window.__mouse = 0;
    for (const type of ['mousedown', 'mouseup', 'click', 'dblclick', 'pointerdown', 'wheel', 'contextmenu']) {
      document.addEventListener(type, () => (window.__mouse += 1), { capture: true });
    }
  })()`);
  return () => page.evaluate<number>('window.__mouse');
}

/** Pastes text into the focused element the way a clipboard paste arrives (a cancelable paste event). */
const paste = (page: Page, text: string) =>
  page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(text)});
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);

/** Opens an image by clicking it, and says which region edits it. */
async function openImage(page: Page, file: string) {
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: file, exact: true }).click();
  const panel = page.getByRole('region', { name: `Caption of ${file}` });
  await expect(panel).toBeVisible();
  return panel;
}

test('a keyboard-only pass over 15 images: 3 letters, Enter, PageDown, and no mouse after the first click', async ({ app: page, disk }) => {
  await openImage(page, 'img_00001.png');
  const mouse = await watchMouse(page);
  let keys = 0;
  const key = async (k: string) => {
    keys++;
    await page.keyboard.press(k);
  };
  await key('t');
  const images = ROOT_ORDER.slice(0, 15);
  for (const [n, i] of images.entries()) {
    await expect(page.getByRole('region', { name: `Caption of ${png(i)}` })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Add tag' })).toBeFocused();
    // "twi" finds "twintails" (one image has it): the first suggestion is highlighted, Enter takes it.
    for (const letter of 'twi') await key(letter);
    await expect(page.getByRole('option', { name: 'twintails', exact: true })).toHaveAttribute('aria-selected', 'true');
    await key('Enter');
    if (n < images.length - 1) await key('PageDown');
  }
  for (const i of images) await expect.poll(() => disk.read(txt(i))).toBe(captionFor(i).replace('indoors.', 'indoors, twintails.'));
  // Untouched: the image after the pass.
  expect(await disk.read(txt(ROOT_ORDER[15]!))).toBe(captionFor(ROOT_ORDER[15]!));
  expect(await mouse()).toBe(0);
  const perImage = keys / images.length;
  test.info().annotations.push({ type: 'keys per image (add one tag, move on)', description: perImage.toFixed(2) });
  console.log(`keyboard loop: ${keys} keys for ${images.length} images, ${perImage.toFixed(2)} per image, 0 mouse events`);
  expect(perImage).toBeLessThanOrEqual(5.1);
  await shot(page, 'loop-keyboard');
});

test('PageDown keeps the keyboard in the field it was in, and leaves a multi-selection for the next image alone', async ({ app: page, disk }) => {
  await openImage(page, 'img_00001.png');
  const region = (file: string) => page.getByRole('region', { name: `Caption of ${file}` });
  // Sentences: the typing of the image being left is saved, the next image's sentences get the keyboard.
  await region('img_00001.png').getByRole('textbox', { name: 'Sentences' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Quiet.');
  await page.keyboard.press('PageDown');
  await expect(region('img_00002.png').getByRole('textbox', { name: 'Sentences' })).toBeFocused();
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0).replace('left.', 'left. Quiet.'));
  // Chips: the next image's chips, one tab stop.
  await region('img_00002.png').getByRole('button', { name: 'solo', exact: true }).focus();
  await page.keyboard.press('PageDown');
  await expect(region('img_00003.png').getByRole('list', { name: 'Caption tags' }).locator('[data-chip]:focus')).toHaveCount(1);
  // Back up, and Escape returns to the images.
  await page.keyboard.press('PageUp');
  await expect(region('img_00002.png')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Images' })).toBeFocused();
  // A multi-selection: PageDown goes to the image after the focused one, selected alone.
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00004.png', exact: true }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('counts')).toContainText('3 selected');
  await page.keyboard.press('PageDown');
  await expect(region('img_00005.png')).toBeVisible();
  await expect(page.getByTestId('counts')).toContainText('1 selected');
});

test('quick tags: pinned once, then number keys toggle them over 10 images, each toggle one undo step', async ({ app: page, disk, api }) => {
  await openImage(page, 'img_00001.png');
  await page.getByRole('group', { name: 'Quick tags' }).getByRole('button', { name: /Pin/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Quick tags' });
  await dialog.getByRole('textbox', { name: 'Pinned quick tags' }).fill('low angle, high angle, kneeling, sitting, standing');
  await dialog.getByRole('button', { name: 'Pin', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('group', { name: 'Quick tags' });
  await expect(row.getByRole('button')).toHaveText([/1\s*low angle/, /2\s*high angle/, /3\s*kneeling/, /4\s*sitting/, /5\s*standing/, /Edit/]);
  await shot(page, 'quick-tags');

  const before = (await api.history()).head;
  const images = ROOT_ORDER.slice(0, 10);
  await page.getByRole('listbox', { name: 'Images' }).focus();
  let steps = 0;
  for (const [n, i] of images.entries()) {
    await expect(page.getByRole('region', { name: `Caption of ${png(i)}` })).toBeVisible();
    // 1: low angle on (replacing the image's other angle in place) or off; 5: standing, likewise.
    await page.keyboard.press('1');
    await expect(row.getByRole('button', { name: /low angle/ })).toHaveAttribute('aria-pressed', captionFor(i).includes('low angle') ? 'false' : 'true');
    await page.keyboard.press('5');
    await expect(row.getByRole('button', { name: /standing/ })).toHaveAttribute('aria-pressed', captionFor(i).includes('standing') ? 'false' : 'true');
    steps += 2;
    if (n < images.length - 1) await page.keyboard.press('PageDown');
  }
  for (const i of images) {
    const original = captionFor(i);
    const [tags, rest] = [original.slice(0, original.indexOf('.')), original.slice(original.indexOf('.'))];
    const list = tags.split(', ');
    // Each generated caption has one angle and one pose tag: the quick tag replaces it in place, or
    // removes it when it is that tag already.
    const toggle = (tag: string, group: string[]) => {
      const at = list.findIndex((t) => group.includes(t));
      if (list[at] === tag) list.splice(at, 1);
      else list[at] = tag;
    };
    toggle('low angle', ['low angle', 'high angle', 'from side', 'from behind', 'eye level']);
    toggle('standing', ['standing', 'sitting', 'kneeling', 'lying', 'squatting']);
    await expect.poll(() => disk.read(txt(i))).toBe(list.join(', ') + rest);
  }
  // The journal commits an entry just after its file: wait for the last one.
  await expect.poll(async () => (await api.history()).head - before).toBe(steps);
  const history = await api.history();
  // In the order they were made: the journal reads like the session.
  expect(history.entries.slice(-4).map((e) => e.label)).toEqual([
    'low angle instead of high angle · img_00009.txt',
    'standing instead of lying · img_00009.txt',
    'low angle instead of from side · img_00011.txt',
    'remove standing · img_00011.txt',
  ]);
  // One Ctrl+Z takes back exactly the last toggle (standing on the last image).
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('contentinfo')).toContainText('Undid “remove standing · img_00011.txt”');
  const last = images.at(-1)!;
  await expect.poll(() => disk.read(txt(last)).then((t) => t?.includes('standing'))).toBe(captionFor(last).includes('standing'));
  await expect.poll(async () => (await api.history()).head - before).toBe(steps - 1);
});

test('Add tag: exact match first, Enter takes the highlight, Shift+Enter the typed text, duplicates and sentences handled', async ({ app: page, disk }) => {
  // A tag "red" that is a prefix of other dataset tags.
  await disk.replace('img_00003.txt', '1girl, red, red eyes\n');
  await expect(page.getByRole('complementary', { name: 'Tags' }).getByRole('button', { name: 'red', exact: true })).toBeVisible();
  const panel = await openImage(page, 'img_00001.png');
  const input = panel.getByRole('combobox', { name: 'Add tag' });
  const options = page.getByRole('listbox', { name: 'Tag suggestions' }).getByRole('option');
  const notice = panel.getByRole('status').filter({ hasText: /./ }).last();
  const original = captionFor(0);

  await input.fill('red');
  await expect(options.first()).toHaveAccessibleName('red');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, red.'));

  // No exact match: Enter takes the first suggestion (blue dress), never the fragment "blu".
  await input.fill('blu');
  await expect(options.first()).toHaveAccessibleName('blue dress');
  await input.press('Enter');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, red, blue dress.'));
  // Shift+Enter adds exactly what was typed.
  await input.fill('blu');
  await input.press('Shift+Enter');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, red, blue dress, blu.'));
  // Nothing matches: the typed text is offered as a new tag.
  await input.fill('zzq');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAccessibleName('zzq (new tag)');
  await input.press('Enter');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, red, blue dress, blu, zzq.'));

  // A tag the image has: nothing written, the chip flashes, and it says so.
  const sameText = await disk.read('img_00001.txt');
  await input.fill('solo');
  await expect(options.first()).toHaveAccessibleName('solo (already there)');
  await input.press('Enter');
  await expect(notice).toHaveText('Already there: solo');
  await expect(panel.getByRole('list', { name: 'Caption tags' }).locator('.ts-chip-flash')).toHaveText(/solo/);
  expect(await disk.read('img_00001.txt')).toBe(sameText);

  // Pasting a list adds every tag at once.
  await input.focus();
  await paste(page, 'x one, x two, x three');
  await expect(notice).toHaveText('Added 3 tags');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, red, blue dress, blu, zzq, x one, x two, x three.'));

  // A sentence is never made a tag: it lands in the sentences, intact.
  await input.fill('The sun is low.');
  await input.press('Enter');
  await expect(notice).toContainText('sentences');
  await expect(panel.getByRole('textbox', { name: 'Sentences' })).toHaveValue('She is standing in a red dress. Light falls from the left. The sun is low.');
  await expect
    .poll(() => disk.read('img_00001.txt'))
    .toBe('1girl, solo, red dress, standing, low angle, long_hair, indoors, red, blue dress, blu, zzq, x one, x two, x three. She is standing in a red dress. Light falls from the left. The sun is low.\n');
  await shot(page, 'add-tag-sentence');
});

test('Ctrl+Z from every field undoes the last step byte for byte and never writes an entry of its own', async ({ app: page, disk, api }) => {
  const panel = await openImage(page, 'img_00001.png');
  const original = captionFor(0);
  const entries = async () => (await api.history()).entries.length;
  // After each Ctrl+Z the journal's head is back at the start: the undo moved it, nothing wrote a new
  // entry that undoes the last one (that would leave an applied entry behind).
  const undone = async () => {
    await expect.poll(() => disk.read('img_00001.txt')).toBe(original);
    await expect.poll(async () => (await api.history()).head).toBe(0);
  };
  const input = panel.getByRole('combobox', { name: 'Add tag' });
  const chips = panel.getByRole('list', { name: 'Caption tags' });
  const sentences = panel.getByRole('textbox', { name: 'Sentences' });
  const saved = panel.getByText('Saved', { exact: true });
  /** Types at the end of a caption text field and waits until the typing pause has saved it. */
  const typeAndSave = async (field: typeof sentences, text: string, onDisk: string) => {
    await field.click();
    await page.keyboard.press('End');
    await page.keyboard.type(text);
    await expect.poll(() => disk.read('img_00001.txt')).toContain(onDisk);
    await expect(saved).toBeVisible();
  };

  // Add tag (empty box): the journal.
  await input.fill('from above');
  await input.press('Enter');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, from above.'));
  await input.press('Control+z');
  await undone();
  await expect(input).toBeFocused();

  // A chip: remove it, then Ctrl+Z with the chips focused.
  await chips.getByRole('button', { name: 'solo', exact: true }).focus();
  await page.keyboard.press('Delete');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('solo, ', ''));
  await page.keyboard.press('Control+z');
  await undone();

  // Sentences, saved: Ctrl+Z is the journal's, and no new entry undoes the last one.
  await typeAndSave(sentences, ' Extra.', 'left. Extra.');
  await page.keyboard.press('Control+z');
  await undone();
  await expect(sentences).toHaveValue('She is standing in a red dress. Light falls from the left.');
  // Sentences, not saved yet: Ctrl+Z is text undo, and nothing reaches the disk or the journal.
  const count = await entries();
  await page.keyboard.type(' Typo');
  await page.keyboard.press('Control+z');
  await expect(sentences).toHaveValue('She is standing in a red dress. Light falls from the left.');
  await page.waitForTimeout(1500);
  expect(await entries()).toBe(count);
  expect(await disk.read('img_00001.txt')).toBe(original);

  // Raw text view, saved: the journal again.
  await panel.getByRole('button', { name: 'Text view' }).click();
  await typeAndSave(panel.getByRole('textbox', { name: 'Raw text' }), ', raw', 'left., raw');
  await page.keyboard.press('Control+z');
  await undone();
  await panel.getByRole('button', { name: 'Text view' }).click();

  // The grid: Ctrl+Z and Ctrl+Shift+Z step the journal.
  await page.getByRole('listbox', { name: 'Images' }).focus();
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => disk.read('img_00001.txt')).toContain('left., raw');
  await page.keyboard.press('Control+z');
  await undone();
  await page.waitForTimeout(1000);
  expect((await api.history()).head).toBe(0);
  expect(await disk.read('img_00001.txt')).toBe(original);
});

test('chips: one tab stop, F2 and double-click rename in place, duplicates marked, moves exactly one place per key', async ({ app: page, disk }) => {
  await disk.replace('img_00002.txt', '1girl, solo, blue dress, solo, sitting\n');
  const panel = await openImage(page, 'img_00002.png');
  const chips = panel.getByRole('list', { name: 'Caption tags' });
  await expect(chips.getByRole('button', { name: 'solo', exact: true })).toHaveCount(2);

  // One tab stop: Tab from the first chip leaves the list.
  await chips.getByRole('button', { name: '1girl', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(chips.getByRole('button', { name: 'solo', exact: true }).first()).toBeFocused();
  await expect(chips.locator('[data-chip][tabindex="0"]')).toHaveCount(1);

  // Duplicates are marked, and removed in one click.
  await expect(chips.locator('.ts-chip-dup')).toHaveCount(1);
  await panel.getByRole('button', { name: 'Remove duplicates' }).click();
  await expect.poll(() => disk.read('img_00002.txt')).toBe('1girl, solo, blue dress, sitting\n');

  // F2 renames in place; Enter commits.
  await chips.getByRole('button', { name: 'blue dress', exact: true }).focus();
  await page.keyboard.press('F2');
  const rename = panel.getByRole('textbox', { name: 'Rename blue dress' });
  await rename.fill('navy dress');
  await rename.press('Enter');
  await expect.poll(() => disk.read('img_00002.txt')).toBe('1girl, solo, navy dress, sitting\n');
  // Double-click renames too; Escape cancels.
  await chips.getByRole('button', { name: 'sitting', exact: true }).dblclick();
  await panel.getByRole('textbox', { name: 'Rename sitting' }).fill('nope');
  await page.keyboard.press('Escape');
  await expect(chips.getByRole('button', { name: 'sitting', exact: true })).toBeVisible();
  expect(await disk.read('img_00002.txt')).toBe('1girl, solo, navy dress, sitting\n');

  // Alt+Arrow: one place per press.
  await chips.getByRole('button', { name: 'sitting', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => disk.read('img_00002.txt')).toBe('1girl, solo, sitting, navy dress\n');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => disk.read('img_00002.txt')).toBe('1girl, sitting, solo, navy dress\n');
  // Space picks up, each arrow moves one place, Space drops: two presses, two places.
  await chips.getByRole('button', { name: '1girl', exact: true }).focus();
  // dnd-kit starts listening for arrows in a timer set at the pick-up (a person is never that fast),
  // and Chromium runs input ahead of timers: a timer of ours, set after the pick-up was announced,
  // fires after dnd-kit's. Then each key waits for the live region to say what the last one did.
  await page.keyboard.press('Space');
  await expect(page.getByText('1girl is over 1girl.', { exact: true })).toBeAttached();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText('1girl is over sitting.', { exact: true })).toBeAttached();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText('1girl is over solo.', { exact: true })).toBeAttached();
  await page.keyboard.press('Space');
  await expect.poll(() => disk.read('img_00002.txt')).toBe('sitting, solo, 1girl, navy dress\n');
});

test('dragging a chip never overlaps the others and drops where the line shows', async ({ app: page, disk }) => {
  const panel = await openImage(page, 'img_00001.png');
  const chips = panel.getByRole('list', { name: 'Caption tags' });
  const boxes = async () =>
    chips.locator('li.ts-chip').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    }));
  const before = await boxes();
  const from = await chips.getByRole('button', { name: 'indoors', exact: true }).boundingBox();
  const to = await chips.getByRole('button', { name: 'solo', exact: true }).boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++) await page.mouse.move(from!.x + ((to!.x - from!.x) * k) / 12 + 5, from!.y + ((to!.y - from!.y) * k) / 12 + 5);
  // Mid-drag: the chips stay where they were (none slides over another) and a line marks the drop.
  expect(await boxes()).toEqual(before);
  await expect(chips.locator('.ts-chip-drop-before')).toHaveCount(1);
  await shot(page, 'chip-drag');
  await page.mouse.up();
  await expect.poll(() => disk.read('img_00001.txt')).toBe('1girl, indoors, solo, red dress, standing, low angle, long_hair. She is standing in a red dress. Light falls from the left.\n');
});

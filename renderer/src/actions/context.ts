import type { KeyContext, KeyScope } from './types.ts';
import { isTextEntry } from './typing.ts';

const SCOPES: ReadonlySet<string> = new Set<KeyScope>(['grid', 'chips', 'addTag', 'prose', 'raw', 'filter']);

/**
 * Where a key press happened, read from the DOM around its target: the widget's `data-keyscope`,
 * whether it types text, whether that text is unsaved (`data-unsaved="true"`), and whether a modal
 * dialog holds it.
 */
export function keyContext(target: EventTarget | null): KeyContext {
  const el = target instanceof Element ? target : null;
  const scope = el?.closest('[data-keyscope]')?.getAttribute('data-keyscope') ?? null;
  return {
    scope: scope !== null && SCOPES.has(scope) ? (scope as KeyScope) : null,
    typing: isTextEntry(target),
    unsavedText: el?.closest('[data-unsaved="true"]') != null,
    inDialog: el?.closest('dialog[open]') != null,
  };
}

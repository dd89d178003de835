import { actions, widgetKeys } from '../actions/registry.ts';

/** One line of the keyboard help: the keys, what they do, and where they apply. */
export interface HelpRow {
  keys: string;
  label: string;
  where?: string;
}

export interface HelpSection {
  title: string;
  rows: HelpRow[];
}

/** Every key the editor knows, from the registry, grouped for the "?" help; sections in a fixed order. */
export function helpSections(): HelpSection[] {
  const sections = new Map<string, HelpRow[]>();
  const add = (title: string, row: HelpRow) => {
    const rows = sections.get(title) ?? [];
    rows.push(row);
    sections.set(title, rows);
  };
  for (const action of actions) {
    for (const b of action.bindings) add(action.group, { keys: b.keys, label: action.label, ...(b.where ? { where: b.where } : {}) });
  }
  for (const k of widgetKeys) add(k.group, { keys: k.keys, label: k.label });
  const order = ['Images', 'Caption', 'Add tag', 'Tag chips', 'Quick tags', 'Review', 'Grid and list', 'Tag list', 'History', 'View'];
  return [...sections.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([title, rows]) => ({ title, rows }));
}

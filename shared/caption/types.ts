/**
 * A caption file's decoded text as an editable structure. `tags` and `prose` are line 1 read with the
 * rule in prose-rule.ts; `layout` remembers everything else so that an unedited doc serializes to the
 * exact input and an edited one keeps the file's own style.
 */
export interface CaptionDoc {
  readonly tags: readonly string[];
  readonly prose: string;
  readonly layout: CaptionLayout;
}

export interface CaptionLayout {
  /** The text started with U+FEFF. */
  readonly bom: boolean;
  /** Line 1 exactly as it will be written: no BOM, no line break. */
  readonly line: string;
  /** The first line break and everything after it, verbatim (trainers read line 1 only). */
  readonly rest: string;
  /** Text before the first tag or prose (indentation, a stray leading comma). */
  readonly lead: string;
  /** Most common raw separator between tags (`, ` or `,` ...); null when the line never showed one. */
  readonly separator: string | null;
  /** Raw text between the last tag and the prose (`. `, `, `); null when the line never had both. */
  readonly joiner: string | null;
  /** A `.` that closed a tags-only line (`1girl, solo.`), else ''. */
  readonly terminator: string;
  /** Text after the last content (and terminator): trailing spaces, a trailing comma. */
  readonly tail: string;
}

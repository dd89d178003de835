/**
 * A ref that marks the element the modal dialog around it focuses when it opens. React's `autoFocus`
 * focuses at mount, before Dialog's effect calls showModal(), whose own focusing then picks the
 * first focusable element (the × button); the DOM `autofocus` attribute is what showModal() reads.
 */
export const dialogAutofocus = (el: HTMLElement | null): void => {
  el?.setAttribute('autofocus', '');
};
